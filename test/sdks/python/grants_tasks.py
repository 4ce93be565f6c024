"""Grants and rotation tasks through the official Python SDK.

Grants: share a secret of this run with a user and a group (CreateGrants), list them (ListGrants),
extend one (UpdateGrant), remove one and then the rest (DeleteGrant), with the documented refusals
on the way. The validity date and the time it answers come from the document's UpdateGrant
examples (request `extend`, answer `extended`). Tasks: RotateSecret of a database secret (RDS-FG,
a FunctionGraph rotation) returns a rotation_task_id, and ListSecretTask lists that task, by
secret, by status, by id and page by page (the document's ListSecretTask description and
SecretTask schema). The secrets carry this run's id and are deleted again; a task stays (nothing
in the API removes one).
"""

import datetime
import json
import time
import uuid

from harness import (
    call,
    check,
    check_wire,
    client,
    crashed,
    csms,
    expect_documented,
    fields,
    response_examples,
    request_example,
    section,
    wire,
)

RUN = uuid.uuid4().hex[:10]
GRANTED = f'sdk-py-{RUN}-granted'
ROTATED = f'sdk-py-{RUN}-rotated'
USER = f'sdk-py-{RUN}-user'
GROUP = f'sdk-py-{RUN}-group'
# An ID of no secret: the document's SecretId example is not one of this run's.
NO_SECRET = str(uuid.uuid4())


def now_ms():
    return int(time.time() * 1000)


def grant_body(resource_id, grantee, grantee_type='0', validity=None):
    return csms.GrantSecretReqBody(
        resource_id=resource_id, type='SECRET', grantee_type=grantee_type, grantee_target_id=grantee, validity_time=validity
    )


def validity():
    """The date UpdateGrant's request example `extend` sends, and the time its answer example `extended` gives for it."""
    date = request_example('UpdateGrant', 'extend')['validity_time']
    end = response_examples('UpdateGrant', 200)['extended']['value']['data']['validityTime']
    return datetime.date.fromisoformat(date), end


def grantees(resource_id):
    data = call(client, 'ListGrants', resource_id=resource_id).data
    return sorted((g.user_id, g.validity_time) for g in data.grantee_user)


def create_grants(state):
    section(f'grants: CreateGrants and ListGrants on {GRANTED} (a user, and a group until a date)')
    sid = state['id'] = call(client, 'CreateSecret', body=csms.CreateSecretRequestBody(name=GRANTED, secret_string='shared')).secret.id
    date, end = state['validity'] = validity()
    before = now_ms()
    r = call(client, 'CreateGrants', body=grant_body(sid, USER))
    after = now_ms()
    fields(f'CreateGrants({GRANTED} → {USER})', r.data, {'resource_id': sid, 'type': 'SECRET', 'grantee_user': USER, 'validity_time': None})
    check(
        f'CreateGrants({GRANTED} → {USER}): a uuid; create_time = update_time, the time of the request (ms)',
        bool(r.data.uuid) and before <= r.data.create_time == r.data.update_time <= after,
        f'got {r.data.to_dict()}',
    )
    check_wire(f'CreateGrants({GRANTED} → {USER})', wire, r)
    state['created'] = r.data.create_time
    r = call(client, 'CreateGrants', body=grant_body(sid, GROUP, grantee_type='2', validity=date))
    check(
        f"CreateGrants({GRANTED} → {GROUP}, validity_time {date}): validityTime {end}, the document's example time for that date",
        r.data.validity_time == end,
        f'got {r.data.validity_time!r}',
    )
    r = call(client, 'ListGrants', resource_id=sid)
    got = (r.data.id, r.data.type, grantees(sid))
    check(
        f'ListGrants({GRANTED}): the secret, SECRET, {USER} without end and {GROUP} until {end}',
        got == (sid, 'SECRET', sorted([(USER, None), (GROUP, end)])),
        f'got {got}',
    )
    check_wire(f'ListGrants({GRANTED})', wire, r)


def change_grants(state):
    section(f'grants: UpdateGrant and DeleteGrant on {GRANTED}, and their refusals')
    sid, (date, end) = state['id'], state['validity']
    r = call(client, 'UpdateGrant', resource_id=sid, body=grant_body(sid, USER, validity=date))
    fields(
        f'UpdateGrant({GRANTED}, {USER} until {date})',
        r.data,
        {'grantee_user': USER, 'validity_time': end, 'create_time': state['created']},
    )
    check(f'UpdateGrant({GRANTED}): update_time moved on', r.data.update_time >= state['created'], f'got {r.data.to_dict()}')
    check_wire(f'UpdateGrant({GRANTED})', wire, r)
    check(
        f'ListGrants({GRANTED}) after UpdateGrant: both until {end}',
        grantees(sid) == sorted([(USER, end), (GROUP, end)]),
        f'got {grantees(sid)}',
    )
    expect_documented(
        f'CreateGrants({GRANTED} → {GROUP}) again',
        'CreateGrants',
        400,
        'GrantExists',
        lambda: call(client, 'CreateGrants', body=grant_body(sid, GROUP, '2')),
    )
    other = grant_body(NO_SECRET, USER)
    expect_documented(
        f'UpdateGrant with resource_id {sid} in the query and another in the body',
        'UpdateGrant',
        400,
        'GrantResourceMismatch',
        lambda: call(client, 'UpdateGrant', resource_id=sid, body=other),
    )
    r = call(client, 'DeleteGrant', resource_id=sid, grantee_user=USER)
    check(
        f'DeleteGrant({GRANTED}, {USER}): status 204, no body',
        (type(r).__name__, wire.last['status'], wire.last['text']) == ('DeleteGrantResponse', 204, ''),
    )
    check(f'ListGrants({GRANTED}) after DeleteGrant: {GROUP} only', grantees(sid) == [(GROUP, end)], f'got {grantees(sid)}')
    for operation, run in [
        ('UpdateGrant', lambda: call(client, 'UpdateGrant', resource_id=sid, body=grant_body(sid, USER))),
        ('DeleteGrant', lambda: call(client, 'DeleteGrant', resource_id=sid, grantee_user=USER)),
    ]:
        expect_documented(f'{operation}({GRANTED}, {USER}) once removed', operation, 404, 'GrantNotFound', run)
    r = call(client, 'DeleteGrant', resource_id=sid)
    check(f'DeleteGrant({GRANTED}) without grantee_user: status 204', wire.last['status'] == 204, f'got {wire.last["status"]}')
    expect_documented(
        f'ListGrants({GRANTED}) once every grant is removed',
        'ListGrants',
        404,
        'GrantNotFound',
        lambda: call(client, 'ListGrants', resource_id=sid),
    )
    expect_documented(
        f'CreateGrants on {NO_SECRET}, the id of no secret',
        'CreateGrants',
        404,
        'SecretNotFound',
        lambda: call(client, 'CreateGrants', body=grant_body(NO_SECRET, USER)),
    )
    expect_documented(
        'CreateGrants with grantee_type "1" (the document allows "0" and "2")',
        'CreateGrants',
        400,
        'MalformedBody',
        lambda: call(client, 'CreateGrants', body=grant_body(sid, USER, grantee_type='1')),
    )
    call(client, 'DeleteSecret', secret_name=GRANTED)
    state.pop('id')


def rotate(state):
    section(f'tasks: RotateSecret of an RDS-FG secret ({ROTATED}) leaves a task that ListSecretTask lists')
    config = json.dumps({'InstanceId': f'{RUN}in01', 'SecretSubType': 'SingleUser'})
    body = csms.CreateSecretRequestBody(
        name=ROTATED, secret_string=json.dumps({'username': 'app', 'password': 'p'}), secret_type='RDS-FG', rotation_config=config
    )
    call(client, 'CreateSecret', body=body)
    state['rotated'] = True
    before = now_ms()
    r = call(client, 'RotateSecret', secret_name=ROTATED)
    after = now_ms()
    check(
        f'RotateSecret({ROTATED}): version v2 and a rotation_task_id',
        (r.version_id, bool(r.rotation_task_id)) == ('v2', True),
        f'got {r.to_dict()}',
    )
    task_id = state['task'] = r.rotation_task_id
    r = call(client, 'ListSecretTask', secret_name=ROTATED)
    got = [(t.task_id, t.secret_name, t.task_status) for t in r.tasks]
    check(
        f'ListSecretTask(secret_name {ROTATED}): total 1, the task of RotateSecret, SUCCESS (the rotation answered a new version)',
        (r.total, got, r.next_marker) == (1, [(task_id, ROTATED, 'SUCCESS')], None),
        f'got total {r.total}, {got}, next_marker {r.next_marker!r}',
    )
    check(
        'ListSecretTask: task_time is the time of the rotation (ms)',
        bool(r.tasks) and before <= r.tasks[0].task_time <= after,
        f'got {r.tasks and r.tasks[0].task_time}',
    )
    check_wire(f'ListSecretTask(secret_name {ROTATED})', wire, r)
    r = call(client, 'ListSecretTask', task_id=task_id)
    check(
        f'ListSecretTask(task_id {task_id}): that task alone',
        [t.task_id for t in r.tasks] == [task_id] and r.total == 1,
        f'got {r.to_dict()}',
    )
    r = call(client, 'ListSecretTask', secret_name=ROTATED, status='FAILED')
    check(f'ListSecretTask(secret_name {ROTATED}, status FAILED): none', (r.total, r.tasks) == (0, []), f'got {r.to_dict()}')


def task_pages(state):
    section(f'tasks: pages of ListSecretTask ({ROTATED} rotated again), and its refusals')
    second = call(client, 'RotateSecret', secret_name=ROTATED).rotation_task_id
    first = call(client, 'ListSecretTask', secret_name=ROTATED, limit=1)
    rest = call(client, 'ListSecretTask', secret_name=ROTATED, limit=1, marker=first.next_marker)
    got = ([t.task_id for t in first.tasks], first.total, [t.task_id for t in rest.tasks], rest.next_marker)
    check(
        f'ListSecretTask(secret_name {ROTATED}, limit 1): the newest task, total 2, then with next_marker the first one, no next_marker',
        got == ([second], 2, [state['task']], None),
        f'got {got}',
    )
    cases = [
        ('TaskIdCombined', 'task_id with secret_name', {'task_id': second, 'secret_name': ROTATED}),
        ('InvalidLimit', 'limit 0', {'limit': 0}),
        ('InvalidMarker', 'a marker of no task', {'marker': str(uuid.uuid4())}),
        ('InvalidParameter', 'status DONE', {'status': 'DONE'}),
    ]
    for error, what, params in cases:
        expect_documented(
            f'ListSecretTask, {what}', 'ListSecretTask', 400, error, lambda params=params: call(client, 'ListSecretTask', **params)
        )


def clean_up(state):
    section('grants and tasks: the secrets of this run deleted')
    for name, made in ((GRANTED, state.get('id')), (ROTATED, state.get('rotated'))):
        if made:
            call(client, 'DeleteSecret', secret_name=name)
    names = [s.name for s in call(client, 'ListSecrets', limit='1000').secrets]
    check(f'ListSecrets: neither {GRANTED} nor {ROTATED} is left', GRANTED not in names and ROTATED not in names, f'got {names}')


STEPS = [create_grants, change_grants, rotate, task_pages]


def run():
    """Every step in order, then the clean-up; a step that raises is one failed check, and the next one still runs."""
    state = {}
    for step in STEPS + [clean_up]:
        try:
            step(state)
        except Exception as e:  # a crash is reported as such, never swallowed
            crashed(f'grants and tasks step {step.__name__}', e)
