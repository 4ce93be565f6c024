"""The documented 400 and 404 errors that the other checks do not meet, each as the official Python
SDK raises it: ClientRequestException with the status and error_code of the document's example of
that error (the example whose `x-mock-error` names it), the body in the example's form (wrapped
{"error": {…}} for the tag, event, notification-record and user-list operations, flat otherwise),
and request_id = X-Request-Id = the mock's journal entry (harness.expect_documented).

Each error is caused by what the document refuses: a parameter outside its schema (a secret name
with a slash, a project ID that is not one, a limit of 0), a body outside its schema, or a name or
id that nothing has. The last check of suite.py then finds every documented (operation, status,
error_code) met somewhere in the suite.
"""

import json
import uuid

from harness import MOCK_URL, call, client, crashed, csms, expect_documented, make_client, section

RUN = uuid.uuid4().hex[:10]
# A name outside SecretName (no slash): the SDK sends a%2Fb, the mock refuses the name (not the signature).
BAD_NAME = 'a/b'
# The id of no secret and the name of no event: new UUIDs, new names, every run.
NO_ID = str(uuid.uuid4())
NO_EVENT = f'sdk-py-{RUN}-none'
bad_project, bad_project_wire = make_client(MOCK_URL, project_id='not-a-project')


def tag_body(key='k', value='v'):
    return csms.CreateSecretTagRequestBody(tag=csms.TagItem(key=key, value=value))


def batch_body(action='create', tags=None):
    return csms.BatchCreateOrDeleteTagsRequestBody(action=action, tags=tags or [csms.TagItem(key='k', value='v')])


def event_body(name, types=('SECRET_DELETED',), notification=True):
    target = csms.Notification(target_type='SMN', target_id='urn:smn:cn-north-4:p:t', target_name='t') if notification else None
    return csms.CreateSecretEventRequestBody(name=name, event_types=list(types), state='ENABLED', notification=target)


def by_name():
    """Every operation on a secret by name, with a name outside SecretName: 400 InvalidParameter."""
    return [
        ('DeleteSecret', {}),
        ('DeleteSecretStage', {'stage_name': 'blue'}),
        ('DownloadSecretBlob', {}),
        ('RestoreSecret', {}),
        ('ShowSecretStage', {'stage_name': 'blue'}),
        ('UpdateSecret', {'body': csms.UpdateSecretRequestBody(description='x')}),
        ('UpdateSecretStage', {'stage_name': 'blue', 'body': csms.UpdateSecretStageRequestBody(version_id='v1')}),
    ]


def secret_errors(secret_id):
    section(f'documented errors: operations on a secret by name ({BAD_NAME}) and by id ({NO_ID}, no secret)')
    for operation, params in by_name():
        expect_documented(
            f'{operation}({BAD_NAME})',
            operation,
            400,
            'InvalidParameter',
            lambda operation=operation, params=params: call(client, operation, secret_name=BAD_NAME, **params),
        )
    expect_documented(
        'DownloadSecretBlob(a secret that does not exist)',
        'DownloadSecretBlob',
        404,
        'SecretNotFound',
        lambda: call(client, 'DownloadSecretBlob', secret_name=f'sdk-py-{RUN}-none'),
    )
    expect_documented('ListSecrets(limit 0)', 'ListSecrets', 400, 'InvalidLimit', lambda: call(client, 'ListSecrets', limit='0'))
    expect_documented(
        'ListSecretVersions(db-password, limit 0)',
        'ListSecretVersions',
        400,
        'InvalidLimit',
        lambda: call(client, 'ListSecretVersions', secret_name='db-password', limit=0),
    )
    expect_documented(
        'UploadSecretBlob without secret_blob',
        'UploadSecretBlob',
        400,
        'MalformedBody',
        lambda: call(client, 'UploadSecretBlob', body=csms.UploadSecretBlobRequestBody()),
    )
    stage_limit()
    for operation, params in [
        ('ListSecretTags', {}),
        ('CreateSecretTag', {'body': tag_body()}),
        ('DeleteSecretTag', {'key': 'k'}),
        ('BatchCreateOrDeleteTags', {'body': batch_body()}),
    ]:
        run = lambda operation=operation, params=params: call(client, operation, secret_id=NO_ID, **params)  # noqa: E731
        expect_documented(f'{operation}({NO_ID})', operation, 404, 'SecretNotFound', run)
    tag_errors(secret_id)


def stage_limit():
    """A new version naming 12 stages (the most a request may name) of a secret whose SYSCURRENT stays: 13 stages."""
    name = f'sdk-py-{RUN}-stages'
    call(client, 'CreateSecret', body=csms.CreateSecretRequestBody(name=name, secret_string='x'))
    many = csms.CreateSecretVersionRequestBody(secret_string='y', version_stages=[f'stage-{i}' for i in range(12)])
    try:
        expect_documented(
            f'CreateSecretVersion({name}) naming 12 new stages beside SYSCURRENT',
            'CreateSecretVersion',
            400,
            'StageLimitReached',
            lambda: call(client, 'CreateSecretVersion', secret_name=name, body=many),
        )
    finally:
        call(client, 'DeleteSecret', secret_name=name)


def tag_errors(secret_id):
    section('documented errors: tags (wrapped)')
    expect_documented(
        'ListSecretTags(secret_id not-an-id)',
        'ListSecretTags',
        400,
        'InvalidParameter',
        lambda: call(client, 'ListSecretTags', secret_id='not-an-id'),
    )
    expect_documented(
        'CreateSecretTag of a _sys_ key',
        'CreateSecretTag',
        400,
        'InvalidParameter',
        lambda: call(client, 'CreateSecretTag', secret_id=secret_id, body=tag_body('_sys_mine')),
    )
    expect_documented(
        'CreateSecretTag without a tag',
        'CreateSecretTag',
        400,
        'MalformedBody',
        lambda: call(client, 'CreateSecretTag', secret_id=secret_id, body=csms.CreateSecretTagRequestBody()),
    )
    expect_documented(
        'DeleteSecretTag(key "a b ", a space at the end)',
        'DeleteSecretTag',
        400,
        'InvalidParameter',
        lambda: call(client, 'DeleteSecretTag', secret_id=secret_id, key='a b '),
    )
    expect_documented(
        'DeleteSecretTag of a key the secret lacks',
        'DeleteSecretTag',
        404,
        'TagNotFound',
        lambda: call(client, 'DeleteSecretTag', secret_id=secret_id, key=f'none-{RUN}'),
    )
    twice = [csms.TagItem(key='k', value='1'), csms.TagItem(key='k', value='2')]
    expect_documented(
        'BatchCreateOrDeleteTags with the same key twice',
        'BatchCreateOrDeleteTags',
        400,
        'InvalidParameter',
        lambda: call(client, 'BatchCreateOrDeleteTags', secret_id=secret_id, body=batch_body(tags=twice)),
    )
    expect_documented(
        'BatchCreateOrDeleteTags with action "update"',
        'BatchCreateOrDeleteTags',
        400,
        'MalformedBody',
        lambda: call(client, 'BatchCreateOrDeleteTags', secret_id=secret_id, body=batch_body('update')),
    )
    many = [csms.TagItem(key=f'k{i}', value='v') for i in range(20)]
    call(client, 'BatchCreateOrDeleteTags', secret_id=secret_id, body=batch_body(tags=many))
    expect_documented(
        'BatchCreateOrDeleteTags past 20 tags',
        'BatchCreateOrDeleteTags',
        400,
        'TagLimitExceeded',
        lambda: call(client, 'BatchCreateOrDeleteTags', secret_id=secret_id, body=batch_body(tags=[csms.TagItem(key='k20', value='v')])),
    )
    call(client, 'BatchCreateOrDeleteTags', secret_id=secret_id, body=batch_body('delete', many))
    bad_action = csms.ListResourceInstancesRequestBody(action='list')
    expect_documented(
        'ListResourceInstances with action "list"',
        'ListResourceInstances',
        400,
        'MalformedBody',
        lambda: call(client, 'ListResourceInstances', resource_instances='resource_instances', body=bad_action),
    )


def project_errors():
    section('documented errors: a project ID that is not one (not-a-project), and the events (wrapped)')
    filter_all = csms.ListResourceInstancesRequestBody(action='count')
    for operation, params in [
        ('ListProjectSecretsTags', {}),
        ('ListResourceInstances', {'resource_instances': 'resource_instances', 'body': filter_all}),
        ('ListNotificationRecords', {}),
        ('ShowSecretsConfig', {}),
        ('UpdateSecretsConfig', {'body': csms.UpdateSecretsConfigRequestBody(checking_secret_strength=True)}),
        ('CheckSecrets', {'body': csms.CheckSecretsRequestBody(type='1', data={})}),
    ]:
        run = lambda operation=operation, params=params: call(bad_project, operation, **params)  # noqa: E731
        expect_documented(f'{operation} in project not-a-project', operation, 400, 'InvalidParameter', run, sdk_wire=bad_project_wire)
    expect_documented(
        'ListSecretEvents(limit 0)', 'ListSecretEvents', 400, 'InvalidLimit', lambda: call(client, 'ListSecretEvents', limit='0')
    )
    expect_documented(
        'ListSecretEvents(marker of no event)',
        'ListSecretEvents',
        400,
        'InvalidMarker',
        lambda: call(client, 'ListSecretEvents', marker=NO_EVENT),
    )
    event_errors()


def event_errors():
    name = f'sdk-py-{RUN}-dup'
    expect_documented(
        'CreateSecretEvent naming a basic event twice',
        'CreateSecretEvent',
        400,
        'InvalidParameter',
        lambda: call(client, 'CreateSecretEvent', body=event_body(name, ('SECRET_DELETED',) * 2)),
    )
    expect_documented(
        'CreateSecretEvent without a notification',
        'CreateSecretEvent',
        400,
        'MalformedBody',
        lambda: call(client, 'CreateSecretEvent', body=event_body(name, notification=False)),
    )
    call(client, 'CreateSecretEvent', body=event_body(name))
    try:
        expect_documented(
            f'CreateSecretEvent({name}) again',
            'CreateSecretEvent',
            400,
            'EventExists',
            lambda: call(client, 'CreateSecretEvent', body=event_body(name)),
        )
    finally:
        call(client, 'DeleteSecretEvent', event_name=name)
    bad = 'no*event'
    change = csms.UpdateSecretEventRequestBody(state='DISABLED')
    for operation, params in [('ShowSecretEvent', {}), ('UpdateSecretEvent', {'body': change}), ('DeleteSecretEvent', {})]:
        expect_documented(
            f'{operation}({bad})',
            operation,
            400,
            'InvalidParameter',
            lambda operation=operation, params=params: call(client, operation, event_name=bad, **params),
        )
        expect_documented(
            f'{operation}({NO_EVENT}), no such event',
            operation,
            404,
            'EventNotFound',
            lambda operation=operation, params=params: call(client, operation, event_name=NO_EVENT, **params),
        )
    expect_documented(
        'UpdateSecretEvent with no field',
        'UpdateSecretEvent',
        400,
        'MalformedBody',
        lambda: call(client, 'UpdateSecretEvent', event_name=NO_EVENT, body=csms.UpdateSecretEventRequestBody()),
    )


def other_errors():
    section('documented errors: grants and users')
    long_id = 'x' * 65
    expect_documented(
        'ListGrants(resource_id of 65 characters)',
        'ListGrants',
        400,
        'InvalidParameter',
        lambda: call(client, 'ListGrants', resource_id=long_id),
    )
    expect_documented(
        'DeleteGrant(resource_id of 65 characters)',
        'DeleteGrant',
        400,
        'InvalidParameter',
        lambda: call(client, 'DeleteGrant', resource_id=long_id),
    )
    body = csms.GrantSecretReqBody(resource_id=NO_ID, type='SECRET', grantee_type='3', grantee_target_id='u')
    expect_documented(
        'UpdateGrant with grantee_type "3"',
        'UpdateGrant',
        400,
        'MalformedBody',
        lambda: call(client, 'UpdateGrant', resource_id=NO_ID, body=body),
    )
    expect_documented(
        'ShowUserDetail(user_id of 100 characters)',
        'ShowUserDetail',
        400,
        'InvalidParameter',
        lambda: call(client, 'ShowUserDetail', user_id='x' * 100),
    )


def pending_rotation():
    """RotateSecret of a database secret (one it could rotate) pending deletion: 400 CSMS.0103, as every change of such a secret."""
    section('documented errors: RotateSecret of a secret pending deletion')
    name = f'sdk-py-{RUN}-pending'
    config = json.dumps({'InstanceId': f'{RUN}in01', 'SecretSubType': 'SingleUser'})
    body = csms.CreateSecretRequestBody(name=name, secret_string='{}', secret_type='RDS-FG', rotation_config=config)
    call(client, 'CreateSecret', body=body)
    try:
        call(client, 'DeleteSecretForSchedule', secret_name=name, body=csms.DeleteSecretForScheduleRequestBody(recovery_window_in_days=7))
        expect_documented(
            f'RotateSecret({name}) while pending',
            'RotateSecret',
            400,
            'SecretPendingDelete',
            lambda: call(client, 'RotateSecret', secret_name=name),
        )
    finally:
        call(client, 'DeleteSecret', secret_name=name)


def run():
    """Every group in order; a group that raises is one failed check, and the next one still runs."""
    try:
        secret_id = call(client, 'ShowSecret', secret_name='db-password').secret.id
    except Exception as e:  # a crash is reported as such, never swallowed
        crashed('documented errors: ShowSecret(db-password) for its id', e)
        secret_id = NO_ID
    for name, group in [
        ('secret_errors', lambda: secret_errors(secret_id)),
        ('project_errors', project_errors),
        ('other_errors', other_errors),
        ('pending_rotation', pending_rotation),
    ]:
        try:
            group()
        except Exception as e:  # a crash is reported as such, never swallowed
            crashed(f'documented errors group {name}', e)
