"""A secret's whole life through the official Python SDK: every operation that changes a secret.

Each step goes through the SDK's typed client (CsmsClient, the XxxRequest and XxxRequestBody
classes) and is read back through the same SDK. The expected values are the rules written in each
operation's description in the document (openapi/paths/*.yaml): first version v1 with SYSCURRENT,
a new version takes SYSCURRENT and leaves SYSPREVIOUS behind, scheduled deletion after 7 to 30
days, and so on. Every error is checked as the SDK raises it (class, status_code, error_code,
request_id = the answer's X-Request-Id = the mock's journal entry), with harness.expect_error.

Secrets are named sdk-py-<random>-<role>, new in every run, so the steps depend on no other suite
and on no earlier run; the configured secrets are only used where a step needs one the suite did
not create (a DISABLED one).
"""

import base64
import json
import time
import uuid

from harness import (
    MOCK_URL,
    bad_client,
    bad_wire,
    call,
    check,
    check_wire,
    client,
    crashed,
    csms,
    expect_error,
    fields,
    make_client,
    sdk_errors,
    section,
    wire,
)

RUN = uuid.uuid4().hex[:10]
DAY_MS = 24 * 60 * 60 * 1000
# Secret roles of this run: a text value, a binary value, a database secret, a batch import.
TEXT = f'sdk-py-{RUN}-text'
BINARY = f'sdk-py-{RUN}-binary'
DATABASE = f'sdk-py-{RUN}-rds'
IMPORTED = f'sdk-py-{RUN}-imported'
MISSING = f'sdk-py-{RUN}-missing'
BYTES = bytes([0, 1, 2, 127, 128, 254, 255]) + 'binary ✓'.encode()
CUSTOM_STAGE = 'canary'


def now_ms():
    return int(time.time() * 1000)


def refused(what, operation, journal_name, status, code, **params):
    """The call must raise the SDK's ClientRequestException with this status and error_code."""
    return expect_error(
        what,
        lambda: call(client, operation, **params),
        wire,
        MOCK_URL,
        sdk_errors.ClientRequestException,
        status,
        code,
        operation,
        journal_name,
    )


def versions(secret_name):
    """{version ID: sorted stages}, read through ListSecretVersions."""
    r = call(client, 'ListSecretVersions', secret_name=secret_name)
    return {v.id: sorted(v.version_stages or []) for v in r.version_metadatas}


def points_at(secret_name, stage):
    return call(client, 'ShowSecretStage', secret_name=secret_name, stage_name=stage).stage.version_id


def value(secret_name, version_id):
    v = call(client, 'ShowSecretVersion', secret_name=secret_name, version_id=version_id).version
    return v.secret_string if v.secret_string is not None else v.secret_binary


def within(what, got, before, after, offset=0):
    """A time the mock set during a call: between the clock before and after it (same machine), plus offset."""
    ok = isinstance(got, int) and before + offset <= got <= after + offset
    shift = f' + {offset // DAY_MS} days' if offset else ''
    check(
        f'{what} is the time of the request{shift} (in ms, between the clock before and after the call)',
        ok,
        f'got {got!r}, window {before + offset}..{after + offset}',
    )


def create():
    section(f'life cycle: CreateSecret, a text value ({TEXT}) and a binary one ({BINARY})')
    body = csms.CreateSecretRequestBody(name=TEXT, secret_string='first-value', description='made by the Python SDK')
    before = now_ms()
    r = call(client, 'CreateSecret', body=body)
    after = now_ms()
    fields(
        f'CreateSecret({TEXT})',
        r.secret,
        {'name': TEXT, 'state': 'ENABLED', 'secret_type': 'COMMON', 'description': 'made by the Python SDK', 'scheduled_delete_time': None},
    )
    check_wire(f'CreateSecret({TEXT})', wire, r)
    within(f'CreateSecret({TEXT}): create_time', r.secret.create_time, before, after)
    check(
        f'CreateSecret({TEXT}): a kms_key_id (the default key, none was given)', bool(r.secret.kms_key_id), f'got {r.secret.kms_key_id!r}'
    )
    shown = call(client, 'ShowSecret', secret_name=TEXT).secret
    fields(
        f'ShowSecret({TEXT}) after CreateSecret',
        shown,
        {k: getattr(r.secret, k) for k in ('id', 'name', 'state', 'kms_key_id', 'description', 'create_time')},
    )
    got = (versions(TEXT), points_at(TEXT, 'SYSCURRENT'), value(TEXT, 'latest'))
    check(
        f'{TEXT}: one version v1 [SYSCURRENT], SYSCURRENT → v1, value first-value',
        got == ({'v1': ['SYSCURRENT']}, 'v1', 'first-value'),
        f'got {got}',
    )

    encoded = base64.b64encode(BYTES).decode()
    r = call(client, 'CreateSecret', body=csms.CreateSecretRequestBody(name=BINARY, secret_binary=encoded))
    fields(f'CreateSecret({BINARY}) with secret_binary', r.secret, {'name': BINARY, 'state': 'ENABLED'})
    v = call(client, 'ShowSecretVersion', secret_name=BINARY, version_id='latest').version
    got = (v.version_metadata.id, v.secret_string, v.secret_binary and base64.b64decode(v.secret_binary))
    check(
        f'ShowSecretVersion({BINARY}, latest): v1, no secret_string, secret_binary decodes to the bytes sent',
        got == ('v1', None, BYTES),
        f'got {got}',
    )

    refused(
        f'CreateSecret({TEXT}) again: the name is taken',
        'CreateSecret',
        None,
        400,
        'CSMS.0002',
        body=csms.CreateSecretRequestBody(name=TEXT, secret_string='other'),
    )
    both = csms.CreateSecretRequestBody(name=f'sdk-py-{RUN}-both', secret_string='a', secret_binary='Yg==')
    refused('CreateSecret with both secret_string and secret_binary', 'CreateSecret', None, 400, 'CSMS.0002', body=both)
    neither = csms.CreateSecretRequestBody(name=f'sdk-py-{RUN}-neither')
    refused('CreateSecret with neither secret_string nor secret_binary', 'CreateSecret', None, 400, 'CSMS.0002', body=neither)
    check(f'the refused CreateSecret({TEXT}) changed nothing: still v1 = first-value', value(TEXT, 'latest') == 'first-value')
    refused(
        f'ShowSecret(sdk-py-{RUN}-both): the refused create made no secret',
        'ShowSecret',
        f'sdk-py-{RUN}-both',
        404,
        'CSMS.0005',
        secret_name=f'sdk-py-{RUN}-both',
    )


def new_version():
    section(f'life cycle: CreateSecretVersion ({TEXT})')
    body = csms.CreateSecretVersionRequestBody(secret_string='second-value')
    r = call(client, 'CreateSecretVersion', secret_name=TEXT, body=body)
    meta = r.version_metadata
    got = (meta.id, meta.version_stages, meta.secret_name)
    check(
        f'CreateSecretVersion({TEXT}): version_metadata v2, [SYSCURRENT], secret_name {TEXT}',
        got == ('v2', ['SYSCURRENT'], TEXT),
        f'got {got}',
    )
    check_wire(f'CreateSecretVersion({TEXT})', wire, r)
    got = (points_at(TEXT, 'SYSCURRENT'), points_at(TEXT, 'SYSPREVIOUS'))
    check(f'ShowSecretStage({TEXT}): SYSCURRENT → v2, SYSPREVIOUS → v1 (moved by the new version)', got == ('v2', 'v1'), f'got {got}')
    got = (versions(TEXT), value(TEXT, 'latest'), value(TEXT, 'v1'))
    want = ({'v1': ['SYSPREVIOUS'], 'v2': ['SYSCURRENT']}, 'second-value', 'first-value')
    check(f'{TEXT}: v1 [SYSPREVIOUS], v2 [SYSCURRENT]; latest = second-value, v1 = first-value', got == want, f'got {got}')
    refused(
        'CreateSecretVersion(retired), a DISABLED secret',
        'CreateSecretVersion',
        'retired',
        400,
        'CSMS.0002',
        secret_name='retired',
        body=body,
    )


def stage_moves():
    section(f'life cycle: UpdateSecretStage and DeleteSecretStage ({TEXT})')
    r = call(
        client, 'UpdateSecretStage', secret_name=TEXT, stage_name=CUSTOM_STAGE, body=csms.UpdateSecretStageRequestBody(version_id='v2')
    )
    fields(f'UpdateSecretStage({TEXT}, {CUSTOM_STAGE} → v2)', r.stage, {'name': CUSTOM_STAGE, 'version_id': 'v2', 'secret_name': TEXT})
    check_wire(f'UpdateSecretStage({TEXT}, {CUSTOM_STAGE})', wire, r)
    check(f'ShowSecretStage({TEXT}, {CUSTOM_STAGE}) → v2', points_at(TEXT, CUSTOM_STAGE) == 'v2')

    r = call(
        client, 'UpdateSecretStage', secret_name=TEXT, stage_name='SYSCURRENT', body=csms.UpdateSecretStageRequestBody(version_id='v1')
    )
    fields(f'UpdateSecretStage({TEXT}, SYSCURRENT → v1)', r.stage, {'name': 'SYSCURRENT', 'version_id': 'v1'})
    got = (points_at(TEXT, 'SYSCURRENT'), points_at(TEXT, 'SYSPREVIOUS'), versions(TEXT))
    want = ('v1', 'v2', {'v1': ['SYSCURRENT'], 'v2': sorted(['SYSPREVIOUS', CUSTOM_STAGE])})
    check(f'{TEXT}: SYSCURRENT back on v1, SYSPREVIOUS followed to v2, v2 keeps {CUSTOM_STAGE}', got == want, f'got {got}')
    got = call(client, 'ShowSecretVersion', secret_name=TEXT, version_id='latest').version.version_metadata.id
    check(f'ShowSecretVersion({TEXT}, latest) is still v2, the newest version, not the SYSCURRENT one', got == 'v2', f'got {got}')

    r = call(client, 'DeleteSecretStage', secret_name=TEXT, stage_name=CUSTOM_STAGE)
    got = (type(r).__name__, r.status_code, wire.last['status'], wire.last['text'])
    check(
        f'DeleteSecretStage({TEXT}, {CUSTOM_STAGE}): DeleteSecretStageResponse, status_code 204, no body',
        got == ('DeleteSecretStageResponse', 204, 204, ''),
        f'got {got}',
    )
    check(
        f'{TEXT} after DeleteSecretStage: v2 keeps SYSPREVIOUS only',
        versions(TEXT) == {'v1': ['SYSCURRENT'], 'v2': ['SYSPREVIOUS']},
        f'got {versions(TEXT)}',
    )
    refused(
        f'ShowSecretStage({TEXT}, {CUSTOM_STAGE}) once removed',
        'ShowSecretStage',
        TEXT,
        404,
        'CSMS.0005',
        secret_name=TEXT,
        stage_name=CUSTOM_STAGE,
    )
    refused(
        f'DeleteSecretStage({TEXT}, {CUSTOM_STAGE}) again: no such stage',
        'DeleteSecretStage',
        TEXT,
        404,
        'CSMS.0005',
        secret_name=TEXT,
        stage_name=CUSTOM_STAGE,
    )
    for stage in ('SYSCURRENT', 'SYSPREVIOUS'):
        refused(
            f'DeleteSecretStage({TEXT}, {stage}): CSMS keeps it',
            'DeleteSecretStage',
            TEXT,
            400,
            'CSMS.0105',
            secret_name=TEXT,
            stage_name=stage,
        )
    got = (points_at(TEXT, 'SYSCURRENT'), points_at(TEXT, 'SYSPREVIOUS'))
    check('the refused DeleteSecretStage changed nothing: SYSCURRENT → v1, SYSPREVIOUS → v2', got == ('v1', 'v2'), f'got {got}')
    missing = csms.UpdateSecretStageRequestBody(version_id='v99')
    refused(
        f'UpdateSecretStage({TEXT}, {CUSTOM_STAGE} → v99): no such version',
        'UpdateSecretStage',
        TEXT,
        404,
        'CSMS.0005',
        secret_name=TEXT,
        stage_name=CUSTOM_STAGE,
        body=missing,
    )


def stage_limit():
    """At most 12 stages a secret (vendor reference); the 13th is refused with CSMS.0203 and nothing moves."""
    section(f'life cycle: the 12-stage limit ({BINARY})')
    for i in range(10):
        call(
            client,
            'UpdateSecretStage',
            secret_name=BINARY,
            stage_name=f'stage-{i}',
            body=csms.UpdateSecretStageRequestBody(version_id='v1'),
        )
    check(f'{BINARY}: 10 stages added to SYSCURRENT make 11 on v1', len(versions(BINARY)['v1']) == 11, f'got {versions(BINARY)}')
    call(client, 'CreateSecretVersion', secret_name=BINARY, body=csms.CreateSecretVersionRequestBody(secret_binary='AQ=='))
    check(
        f'{BINARY}: a new version makes SYSPREVIOUS the 12th stage',
        sum(len(s) for s in versions(BINARY).values()) == 12,
        f'got {versions(BINARY)}',
    )
    body = csms.UpdateSecretStageRequestBody(version_id='v1')
    refused(
        f'UpdateSecretStage({BINARY}, stage-13): a 13th stage',
        'UpdateSecretStage',
        BINARY,
        400,
        'CSMS.0203',
        secret_name=BINARY,
        stage_name='stage-13',
        body=body,
    )
    check(
        f'the refused 13th stage was not added ({BINARY} has 12)',
        sum(len(s) for s in versions(BINARY).values()) == 12,
        f'got {versions(BINARY)}',
    )


def expire_time():
    section(f'life cycle: UpdateVersion expire_time ({TEXT} v1)')
    expiry = (now_ms() // 1000 + 30 * 86400) * 1000
    r = call(client, 'UpdateVersion', secret_name=TEXT, version_id='v1', body=csms.UpdateVersionRequestBody(expire_time=expiry))
    fields(
        f'UpdateVersion({TEXT}, v1, expire_time {expiry})',
        r.version_metadata,
        {'id': 'v1', 'expire_time': expiry, 'version_stages': ['SYSCURRENT']},
    )
    check_wire(f'UpdateVersion({TEXT}, v1)', wire, r)
    listed = {v.id: v.expire_time for v in call(client, 'ListSecretVersions', secret_name=TEXT).version_metadatas}
    check(
        f'ListSecretVersions({TEXT}): v1 expires at {expiry}, v2 has no expire_time', listed == {'v1': expiry, 'v2': None}, f'got {listed}'
    )
    v = call(client, 'ShowSecretVersion', secret_name=TEXT, version_id='v1').version
    got = (v.version_metadata.expire_time, v.secret_string)
    check(
        f'ShowSecretVersion({TEXT}, v1): version_metadata.expire_time {expiry}, value unchanged',
        got == (expiry, 'first-value'),
        f'got {got}',
    )
    body = csms.UpdateVersionRequestBody(expire_time=expiry)
    refused(
        f'UpdateVersion({TEXT}, v99): no such version',
        'UpdateVersion',
        TEXT,
        404,
        'CSMS.0005',
        secret_name=TEXT,
        version_id='v99',
        body=body,
    )
    seconds = csms.UpdateVersionRequestBody(expire_time=expiry // 1000)
    refused(
        f'UpdateVersion({TEXT}, v1) with an expiry in seconds (below the 1e11 ms minimum)',
        'UpdateVersion',
        TEXT,
        400,
        'CSMS.0002',
        secret_name=TEXT,
        version_id='v1',
        body=seconds,
    )
    got = call(client, 'ShowSecretVersion', secret_name=TEXT, version_id='v1').version.version_metadata.expire_time
    check(f'the refused UpdateVersion left v1 expiring at {expiry}', got == expiry, f'got {got}')


def update():
    section(f'life cycle: UpdateSecret ({TEXT})')
    old = call(client, 'ShowSecret', secret_name=TEXT).secret
    before = now_ms()
    r = call(client, 'UpdateSecret', secret_name=TEXT, body=csms.UpdateSecretRequestBody(description='changed by the Python SDK'))
    after = now_ms()
    fields(
        f'UpdateSecret({TEXT}, description)',
        r.secret,
        {
            'name': TEXT,
            'description': 'changed by the Python SDK',
            'state': 'ENABLED',
            'kms_key_id': old.kms_key_id,
            'create_time': old.create_time,
        },
    )
    check_wire(f'UpdateSecret({TEXT})', wire, r)
    within(f'UpdateSecret({TEXT}): update_time', r.secret.update_time, before, after)
    shown = call(client, 'ShowSecret', secret_name=TEXT).secret
    fields(
        f'ShowSecret({TEXT}) after UpdateSecret', shown, {'description': 'changed by the Python SDK', 'update_time': r.secret.update_time}
    )
    check(f'UpdateSecret({TEXT}) changed no value: latest is still second-value', value(TEXT, 'latest') == 'second-value')


def scheduled_deletion():
    section(f'life cycle: DeleteSecretForSchedule, then values and changes refused ({TEXT})')
    before = now_ms()
    r = call(client, 'DeleteSecretForSchedule', secret_name=TEXT, body=csms.DeleteSecretForScheduleRequestBody(recovery_window_in_days=7))
    after = now_ms()
    fields(f'DeleteSecretForSchedule({TEXT}, 7 days)', r.secret, {'name': TEXT, 'state': 'PENDING_DELETE'})
    check_wire(f'DeleteSecretForSchedule({TEXT})', wire, r)
    scheduled = r.secret.scheduled_delete_time
    within(f'DeleteSecretForSchedule({TEXT}): scheduled_delete_time', scheduled, before, after, 7 * DAY_MS)
    fields(
        f'ShowSecret({TEXT}) while pending',
        call(client, 'ShowSecret', secret_name=TEXT).secret,
        {'state': 'PENDING_DELETE', 'scheduled_delete_time': scheduled},
    )

    e = refused(
        f'ShowSecretVersion({TEXT}, latest) while pending',
        'ShowSecretVersion',
        TEXT,
        400,
        'CSMS.0103',
        secret_name=TEXT,
        version_id='latest',
    )
    if e is not None:
        check(
            f'ShowSecretVersion({TEXT}) while pending: the exception carries no value (error_msg {e.error_msg!r})',
            'first-value' not in str(e) and 'second-value' not in str(e),
            'a value is in the exception',
        )
    pending = [
        ('CreateSecretVersion', {'body': csms.CreateSecretVersionRequestBody(secret_string='third-value')}),
        ('UpdateSecret', {'body': csms.UpdateSecretRequestBody(description='not while pending')}),
        ('UpdateVersion', {'version_id': 'v1', 'body': csms.UpdateVersionRequestBody(expire_time=9_999_999_999_999)}),
        ('UpdateSecretStage', {'stage_name': 'SYSCURRENT', 'body': csms.UpdateSecretStageRequestBody(version_id='v2')}),
        ('DeleteSecretStage', {'stage_name': 'SYSPREVIOUS'}),
    ]
    for operation, params in pending:
        refused(f'{operation}({TEXT}) while pending', operation, TEXT, 400, 'CSMS.0103', secret_name=TEXT, **params)
    again = csms.DeleteSecretForScheduleRequestBody(recovery_window_in_days=30)
    refused(f'DeleteSecretForSchedule({TEXT}) again', 'DeleteSecretForSchedule', TEXT, 400, 'CSMS.0107', secret_name=TEXT, body=again)
    shown = call(client, 'ShowSecret', secret_name=TEXT).secret
    got = (shown.scheduled_delete_time, shown.description, versions(TEXT))
    want = (scheduled, 'changed by the Python SDK', {'v1': ['SYSCURRENT'], 'v2': ['SYSPREVIOUS']})
    check(
        f'the refused writes changed nothing: scheduled_delete_time {scheduled}, description, versions and stages as they were',
        got == want,
        f'got {got}',
    )
    for days in (6, 31):
        window = csms.DeleteSecretForScheduleRequestBody(recovery_window_in_days=days)
        refused(
            f'DeleteSecretForSchedule({BINARY}, {days} days): outside 7 to 30',
            'DeleteSecretForSchedule',
            BINARY,
            400,
            'CSMS.0002',
            secret_name=BINARY,
            body=window,
        )
    check(
        f'{BINARY} is still ENABLED after the refused schedules', call(client, 'ShowSecret', secret_name=BINARY).secret.state == 'ENABLED'
    )


def cancel():
    section(f'life cycle: RestoreSecret cancels the scheduled deletion ({TEXT})')
    r = call(client, 'RestoreSecret', secret_name=TEXT)
    fields(f'RestoreSecret({TEXT})', r.secret, {'name': TEXT, 'state': 'ENABLED', 'scheduled_delete_time': None})
    check_wire(f'RestoreSecret({TEXT})', wire, r)
    fields(
        f'ShowSecret({TEXT}) after RestoreSecret',
        call(client, 'ShowSecret', secret_name=TEXT).secret,
        {'state': 'ENABLED', 'scheduled_delete_time': None},
    )
    got = (value(TEXT, 'v1'), value(TEXT, 'latest'))
    check(
        f'ShowSecretVersion({TEXT}) reads values again: v1 first-value, latest second-value',
        got == ('first-value', 'second-value'),
        f'got {got}',
    )
    refused(f'RestoreSecret({TEXT}) again: nothing is scheduled', 'RestoreSecret', TEXT, 400, 'CSMS.0108', secret_name=TEXT)


def delete():
    section(f'life cycle: DeleteSecret ({TEXT})')
    r = call(client, 'DeleteSecret', secret_name=TEXT)
    got = (type(r).__name__, r.status_code, wire.last['status'], wire.last['text'])
    check(
        f'DeleteSecret({TEXT}): DeleteSecretResponse, status_code 200, an empty body',
        got == ('DeleteSecretResponse', 200, 200, ''),
        f'got {got}',
    )
    refused(f'ShowSecret({TEXT}) once deleted', 'ShowSecret', TEXT, 404, 'CSMS.0005', secret_name=TEXT)
    refused(f'ListSecretVersions({TEXT}) once deleted', 'ListSecretVersions', TEXT, 404, 'CSMS.0005', secret_name=TEXT)
    refused(f'DeleteSecret({TEXT}) again', 'DeleteSecret', TEXT, 404, 'CSMS.0005', secret_name=TEXT)
    r = call(client, 'CreateSecret', body=csms.CreateSecretRequestBody(name=TEXT, secret_string='reborn'))
    got = (r.secret.state, versions(TEXT), value(TEXT, 'latest'))
    check(
        f'CreateSecret({TEXT}) may use the name again: a new secret, v1 [SYSCURRENT] = reborn',
        got == ('ENABLED', {'v1': ['SYSCURRENT']}, 'reborn'),
        f'got {got}',
    )
    call(client, 'DeleteSecret', secret_name=TEXT)


def batch_import():
    section(f'life cycle: BatchImportSecrets ({IMPORTED} new, {BINARY} taken)')
    items = [
        csms.CreateSecretRequestBody(name=IMPORTED, secret_string='imported-value', description='batch'),
        csms.CreateSecretRequestBody(name=BINARY, secret_string='would overwrite'),
    ]
    r = call(client, 'BatchImportSecrets', body=csms.ImportSecretsRequest(secrets=items))
    got = (r.total, r.success, r.failed, [e.name for e in r.error_list or []])
    check(f'BatchImportSecrets: total 2, success 1, failed 1, error_list names {BINARY}', got == (2, 1, 1, [BINARY]), f'got {got}')
    check(
        f'BatchImportSecrets: the error_list entry for {BINARY} says why (error_msg)',
        bool(r.error_list and r.error_list[0].error_msg),
        f'got {r.error_list}',
    )
    check_wire('BatchImportSecrets', wire, r)
    shown = call(client, 'ShowSecret', secret_name=IMPORTED).secret
    got = (shown.state, shown.description, versions(IMPORTED), value(IMPORTED, 'latest'))
    check(
        f'{IMPORTED}: ENABLED, description batch, v1 [SYSCURRENT] = imported-value',
        got == ('ENABLED', 'batch', {'v1': ['SYSCURRENT']}, 'imported-value'),
        f'got {got}',
    )
    v = call(client, 'ShowSecretVersion', secret_name=BINARY, version_id='v1').version
    check(f'{BINARY} was not overwritten by the failed item: v1 is still the bytes sent', base64.b64decode(v.secret_binary or '') == BYTES)

    broken = f'sdk-py-{RUN}-broken'
    bad = [
        csms.CreateSecretRequestBody(name=f'sdk-py-{RUN}-fine', secret_string='fine'),
        csms.CreateSecretRequestBody(name=broken, secret_string='a', secret_binary='Yg=='),
    ]
    refused(
        'BatchImportSecrets with an item holding both values',
        'BatchImportSecrets',
        None,
        400,
        'CSMS.0002',
        body=csms.ImportSecretsRequest(secrets=bad),
    )
    refused(
        f'ShowSecret(sdk-py-{RUN}-fine): the refused batch created nothing',
        'ShowSecret',
        f'sdk-py-{RUN}-fine',
        404,
        'CSMS.0005',
        secret_name=f'sdk-py-{RUN}-fine',
    )


def rotation():
    section(f'life cycle: RotateSecret (COMMON {IMPORTED}, RDS-FG {DATABASE})')
    refused(f'RotateSecret({IMPORTED}), a COMMON secret', 'RotateSecret', IMPORTED, 400, 'CSMS.0002', secret_name=IMPORTED)
    check(f'the refused rotation added no version to {IMPORTED}', versions(IMPORTED) == {'v1': ['SYSCURRENT']}, f'got {versions(IMPORTED)}')
    config = json.dumps({'InstanceId': f'{RUN}in01', 'SecretSubType': 'SingleUser'})
    password = json.dumps({'username': 'app', 'password': 'before-rotation'})
    no_config = csms.CreateSecretRequestBody(name=DATABASE, secret_string=password, secret_type='RDS-FG')
    refused('CreateSecret RDS-FG without rotation_config', 'CreateSecret', None, 400, 'CSMS.0002', body=no_config)
    body = csms.CreateSecretRequestBody(name=DATABASE, secret_string=password, secret_type='RDS-FG', rotation_config=config)
    r = call(client, 'CreateSecret', body=body)
    fields(
        f'CreateSecret({DATABASE}) RDS-FG with a rotation_config', r.secret, {'name': DATABASE, 'secret_type': 'RDS-FG', 'state': 'ENABLED'}
    )
    r = call(client, 'RotateSecret', secret_name=DATABASE)
    fields(f'RotateSecret({DATABASE})', r, {'version_id': 'v2', 'secret_name': DATABASE})
    check_wire(f'RotateSecret({DATABASE})', wire, r)
    got = (points_at(DATABASE, 'SYSCURRENT'), points_at(DATABASE, 'SYSPREVIOUS'))
    check(f'{DATABASE}: SYSCURRENT → v2 (the rotated version), SYSPREVIOUS → v1', got == ('v2', 'v1'), f'got {got}')
    rotated, first = value(DATABASE, 'v2'), value(DATABASE, 'v1')
    check(
        f'{DATABASE}: the rotated value is new (v2 differs from v1, v1 unchanged)', bool(rotated) and rotated != first and first == password
    )


def not_found():
    section(f'every new operation on a secret that does not exist ({MISSING}): 404 CSMS.0005')
    cases = [
        ('UpdateSecret', {'body': csms.UpdateSecretRequestBody(description='x')}),
        ('DeleteSecret', {}),
        ('CreateSecretVersion', {'body': csms.CreateSecretVersionRequestBody(secret_string='x')}),
        ('UpdateVersion', {'version_id': 'v1', 'body': csms.UpdateVersionRequestBody(expire_time=9_999_999_999_999)}),
        ('UpdateSecretStage', {'stage_name': 'SYSCURRENT', 'body': csms.UpdateSecretStageRequestBody(version_id='v1')}),
        ('DeleteSecretStage', {'stage_name': CUSTOM_STAGE}),
        ('DeleteSecretForSchedule', {'body': csms.DeleteSecretForScheduleRequestBody(recovery_window_in_days=7)}),
        ('RestoreSecret', {}),
        ('RotateSecret', {}),
    ]
    for operation, params in cases:
        refused(f'{operation}({MISSING})', operation, MISSING, 404, 'CSMS.0005', secret_name=MISSING, **params)


def tamper(**kwargs):
    """The SDK's request hook, after signing: the body sent is no longer the body signed."""
    request = kwargs['request']
    # The core has encoded the JSON body to bytes by now (huaweicloudsdkcore client.py); same length either way.
    if isinstance(request.body, bytes):
        request.body = request.body.replace(b'untampered', b'tampered!!')
    elif isinstance(request.body, str):
        request.body = request.body.replace('untampered', 'tampered!!')


def signed_bodies():
    section('signatures of writes: a body changed after signing, and a DELETE signed with a wrong SK, are refused')
    tampering, tampered_wire = make_client(MOCK_URL, after_signing=tamper)
    name = f'sdk-py-{RUN}-tampered'
    for operation, secret_name, params in [
        ('CreateSecret', None, {'body': csms.CreateSecretRequestBody(name=name, secret_string='untampered')}),
        ('UpdateSecret', IMPORTED, {'secret_name': IMPORTED, 'body': csms.UpdateSecretRequestBody(description='untampered')}),
    ]:
        expect_error(
            f'{operation} whose body was changed after the SDK signed it',
            lambda: call(tampering, operation, **params),
            tampered_wire,
            MOCK_URL,
            sdk_errors.ClientRequestException,
            401,
            'APIGW.0301',
            operation,
            secret_name,
        )
    refused(f'ShowSecret({name}): the tampered CreateSecret made nothing', 'ShowSecret', name, 404, 'CSMS.0005', secret_name=name)
    expect_error(
        f'DeleteSecret({IMPORTED}) signed with a wrong SK',
        lambda: call(bad_client, 'DeleteSecret', secret_name=IMPORTED),
        bad_wire,
        MOCK_URL,
        sdk_errors.ClientRequestException,
        401,
        'APIGW.0301',
        'DeleteSecret',
        IMPORTED,
    )
    shown = call(client, 'ShowSecret', secret_name=IMPORTED).secret
    check(
        f'{IMPORTED} is untouched by the refused UpdateSecret and DeleteSecret (description batch)',
        shown.description == 'batch',
        f'got {shown.description!r}',
    )


STEPS = [
    create,
    new_version,
    stage_moves,
    stage_limit,
    expire_time,
    update,
    scheduled_deletion,
    cancel,
    delete,
    batch_import,
    rotation,
    not_found,
    signed_bodies,
]


def secret_names():
    return [s.name for s in call(client, 'ListSecrets', limit='200').secrets]


def clean_up(before):
    """Deletes what this run made, so that the mock lists what it listed before the life cycle."""
    section('life cycle: DeleteSecret of every secret this run made')
    for name in (BINARY, IMPORTED, DATABASE):
        call(client, 'DeleteSecret', secret_name=name)
    after = secret_names()
    check(f'ListSecrets after the clean-up = before the life cycle ({len(before)} secrets)', after == before, f'got {after}')


def run():
    """Every step in order, then the clean-up; a step that raises is one failed check, and the next one still runs."""
    before = secret_names()
    steps = [(step.__name__, step) for step in STEPS] + [('clean_up', lambda: clean_up(before))]
    for name, step in steps:
        try:
            step()
        except Exception as e:  # a crash is reported as such, never swallowed
            crashed(f'life cycle step {name}', e)
