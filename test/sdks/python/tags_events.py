"""Tags and events through the official Python SDK: tag a secret, find it by tag, untag it; create
an event, subscribe the secret, see the notification a new version writes, and the refusal to
delete an event a secret subscribes to.

The expected values are the rules the document writes in each operation's description
(openapi/paths/v1_{project_id}_csms_*.yaml): tags address a secret by its id, a key has one value,
a batch delete with a value removes the tag only when the value is equal, a record is written when
an ENABLED event that lists the basic event is subscribed to, and so on. The secret, the event, the
tag key and the topic carry this run's id, so nothing here meets another run's resources, and
everything the run creates is deleted again.
"""

import time
import uuid

from harness import (
    PROJECT_ID,
    call,
    check,
    check_wire,
    client,
    crashed,
    csms,
    expect_documented,
    fields,
    section,
    wire,
)

RUN = uuid.uuid4().hex[:10]
TAGGED = f'sdk-py-{RUN}-tagged'
# At most 32 characters: a name in event_subscriptions is (UpdateSecretRequest).
EVENT = f'sdk-py-{RUN}-event'
TAG_KEY = f'sdk-py-{RUN}'
TOPIC = {'target_type': 'SMN', 'target_id': f'urn:smn:cn-north-4:{PROJECT_ID}:sdk-py-{RUN}', 'target_name': f'sdk-py-{RUN}'}
# A secret carries at most 20 tags (vendor reference, CreateSecretTag; the document's description).
MAX_TAGS = 20


def now_ms():
    return int(time.time() * 1000)


def tags_of(secret_id):
    """{key: value} of a secret's tags, through ListSecretTags."""
    return {t.key: t.value for t in call(client, 'ListSecretTags', secret_id=secret_id).tags or []}


def no_body(what, response, name):
    """A 204 through the SDK: the response class with no fields, and nothing on the wire."""
    got = (type(response).__name__, wire.last['status'], wire.last['text'])
    check(f'{what}: {name}, status 204, no body', got == (name, 204, ''), f'got {got}')


def find(**body):
    """ListResourceInstances through the SDK. Its request takes the fixed path word as a parameter."""
    request_body = csms.ListResourceInstancesRequestBody(**body)
    return call(client, 'ListResourceInstances', resource_instances='resource_instances', body=request_body)


def tag(state):
    section(f'tags: CreateSecretTag and ListSecretTags on {TAGGED}, addressed by its id')
    secret = call(client, 'CreateSecret', body=csms.CreateSecretRequestBody(name=TAGGED, secret_string='tagged-value')).secret
    state['id'] = secret.id
    r = call(
        client, 'CreateSecretTag', secret_id=secret.id, body=csms.CreateSecretTagRequestBody(tag=csms.TagItem(key=TAG_KEY, value='blue'))
    )
    no_body(f'CreateSecretTag({TAGGED}, {TAG_KEY}=blue)', r, 'CreateSecretTagResponse')
    call(
        client, 'CreateSecretTag', secret_id=secret.id, body=csms.CreateSecretTagRequestBody(tag=csms.TagItem(key='owner', value='sdk-py'))
    )
    r = call(client, 'ListSecretTags', secret_id=secret.id)
    got = (sorted((t.key, t.value) for t in r.tags), r.sys_tags)
    check(
        f'ListSecretTags({TAGGED}): {TAG_KEY}=blue and owner=sdk-py, no system tags',
        got == (sorted([(TAG_KEY, 'blue'), ('owner', 'sdk-py')]), []),
        f'got {got}',
    )
    check_wire(f'ListSecretTags({TAGGED})', wire, r)
    call(client, 'CreateSecretTag', secret_id=secret.id, body=csms.CreateSecretTagRequestBody(tag=csms.TagItem(key=TAG_KEY, value='green')))
    got = tags_of(secret.id)
    check(
        f'CreateSecretTag({TAGGED}, {TAG_KEY}=green): one value per key, the new one replaces blue',
        got == {TAG_KEY: 'green', 'owner': 'sdk-py'},
        f'got {got}',
    )


def find_by_tag(state):
    section(f'tags: ListResourceInstances finds {TAGGED} by its tag; ListProjectSecretsTags')
    r = find(action='filter', tags=[csms.Tag(key=TAG_KEY, values=['green'])])
    got = [(x.resource_id, x.resource_name, x.resource_detail.name, sorted((t.key, t.value) for t in x.tags)) for x in r.resources or []]
    want = [(state['id'], TAGGED, TAGGED, sorted([(TAG_KEY, 'green'), ('owner', 'sdk-py')]))]
    check(
        f'ListResourceInstances filter {TAG_KEY}=green: {TAGGED} alone, by id, with its metadata and tags; total_count 1',
        (got, r.total_count) == (want, 1),
        f'got {got}, total_count {r.total_count}',
    )
    check_wire(f'ListResourceInstances filter {TAG_KEY}=green', wire, r)
    r = find(action='count', tags=[csms.Tag(key=TAG_KEY, values=[])])
    check(
        f'ListResourceInstances count {TAG_KEY} (any value): total_count 1, no resources',
        (r.total_count, r.resources) == (1, None),
        f'got {r.total_count}, {r.resources}',
    )
    r = find(action='filter', tags=[csms.Tag(key=TAG_KEY, values=['blue'])])
    check(
        f'ListResourceInstances filter {TAG_KEY}=blue (the replaced value): nothing',
        (r.resources, r.total_count) == ([], 0),
        f'got {r.resources}, {r.total_count}',
    )
    r = find(action='filter', limit='10', offset='0', matches=[csms.TagMatches(key='resource_name', value=f'{RUN}-tag')])
    got = [x.resource_name for x in r.resources or []]
    check(f'ListResourceInstances matches resource_name containing "{RUN}-tag": [{TAGGED}]', got == [TAGGED], f'got {got}')
    r = call(client, 'ListProjectSecretsTags')
    keys = {t.key: t.values for t in r.tags}
    check(f'ListProjectSecretsTags: {TAG_KEY} with the values [green]', keys.get(TAG_KEY) == ['green'], f'got {keys.get(TAG_KEY)!r}')
    check('ListProjectSecretsTags: keys sorted, each once', list(keys) == sorted(keys) and len(keys) == len(r.tags), f'got {list(keys)}')
    check_wire('ListProjectSecretsTags', wire, r)


def untag(state):
    section(f'tags: DeleteSecretTag and BatchCreateOrDeleteTags on {TAGGED}')
    sid = state['id']
    r = call(client, 'DeleteSecretTag', secret_id=sid, key='owner')
    no_body(f'DeleteSecretTag({TAGGED}, owner)', r, 'DeleteSecretTagResponse')
    check(f'ListSecretTags({TAGGED}) after DeleteSecretTag: {TAG_KEY} only', tags_of(sid) == {TAG_KEY: 'green'}, f'got {tags_of(sid)}')

    def batch(action, *items):
        tags = [csms.TagItem(key=k, value=v) for k, v in items]
        return call(
            client, 'BatchCreateOrDeleteTags', secret_id=sid, body=csms.BatchCreateOrDeleteTagsRequestBody(action=action, tags=tags)
        )

    no_body(
        f'BatchCreateOrDeleteTags({TAGGED}, create a=1, b=2)', batch('create', ('a', '1'), ('b', '2')), 'BatchCreateOrDeleteTagsResponse'
    )
    check(f'ListSecretTags({TAGGED}): a=1 and b=2 added', tags_of(sid) == {TAG_KEY: 'green', 'a': '1', 'b': '2'}, f'got {tags_of(sid)}')
    batch('delete', ('a', '1'), ('b', 'other'), ('never-set', None))
    check(
        f'BatchCreateOrDeleteTags({TAGGED}, delete a=1, b=other, never-set): '
        'a removed (value equal), b kept (value differs), the missing key skipped',
        tags_of(sid) == {TAG_KEY: 'green', 'b': '2'},
        f'got {tags_of(sid)}',
    )
    batch('delete', ('b', None), (TAG_KEY, None))
    check(
        f'BatchCreateOrDeleteTags({TAGGED}, delete b and {TAG_KEY} without values): no tags left', tags_of(sid) == {}, f'got {tags_of(sid)}'
    )
    r = find(action='count', tags=[csms.Tag(key=TAG_KEY)])
    check(f'ListResourceInstances count {TAG_KEY} once untagged: 0', r.total_count == 0, f'got {r.total_count}')
    check(
        f'ListProjectSecretsTags once untagged: no {TAG_KEY}', TAG_KEY not in {t.key for t in call(client, 'ListProjectSecretsTags').tags}
    )
    tag_limit(sid, batch)


def tag_limit(sid, batch):
    batch('create', *[(f'k{i:02}', str(i)) for i in range(MAX_TAGS)])
    check(f'BatchCreateOrDeleteTags({TAGGED}): {MAX_TAGS} tags', len(tags_of(sid)) == MAX_TAGS, f'got {len(tags_of(sid))}')
    extra = csms.CreateSecretTagRequestBody(tag=csms.TagItem(key='one-too-many', value='x'))
    expect_documented(
        f'CreateSecretTag({TAGGED}), a tag past {MAX_TAGS}',
        'CreateSecretTag',
        400,
        'TagLimitExceeded',
        lambda: call(client, 'CreateSecretTag', secret_id=sid, body=extra),
    )
    call(client, 'CreateSecretTag', secret_id=sid, body=csms.CreateSecretTagRequestBody(tag=csms.TagItem(key='k00', value='new')))
    got = tags_of(sid)
    check(
        f'CreateSecretTag({TAGGED}) of a key it has, at {MAX_TAGS} tags: the value changes, no 21st key',
        (len(got), got.get('k00')) == (MAX_TAGS, 'new'),
        f'got {len(got)} tags, k00={got.get("k00")!r}',
    )
    batch('delete', *[(f'k{i:02}', None) for i in range(MAX_TAGS)])
    check(f'BatchCreateOrDeleteTags({TAGGED}) delete the {MAX_TAGS}: none left', tags_of(sid) == {}, f'got {tags_of(sid)}')


def notification():
    return csms.Notification(**TOPIC)


def events(state):
    section(f'events: CreateSecretEvent, ShowSecretEvent, ListSecretEvents, UpdateSecretEvent ({EVENT})')
    before = now_ms()
    body = csms.CreateSecretEventRequestBody(
        name=EVENT, event_types=['SECRET_VERSION_CREATED'], state='ENABLED', notification=notification()
    )
    r = call(client, 'CreateSecretEvent', body=body)
    after = now_ms()
    fields(f'CreateSecretEvent({EVENT})', r.event, {'name': EVENT, 'event_types': ['SECRET_VERSION_CREATED'], 'state': 'ENABLED'})
    check(
        f'CreateSecretEvent({EVENT}): the notification as sent',
        r.event.notification.to_dict() == TOPIC,
        f'got {r.event.notification.to_dict()}',
    )
    check(
        f'CreateSecretEvent({EVENT}): an event_id; create_time = update_time, the time of the request',
        bool(r.event.event_id) and before <= r.event.create_time == r.event.update_time <= after,
        f'got {r.event.to_dict()}',
    )
    check_wire(f'CreateSecretEvent({EVENT})', wire, r)
    state['event'] = r.event.to_dict()
    shown = call(client, 'ShowSecretEvent', event_name=EVENT)
    check(
        f'ShowSecretEvent({EVENT}) = what CreateSecretEvent answered',
        shown.event.to_dict() == state['event'],
        f'got {shown.event.to_dict()}',
    )
    check_wire(f'ShowSecretEvent({EVENT})', wire, shown)
    listed = call(client, 'ListSecretEvents', limit='100')
    names = [e.name for e in listed.events]
    check(f'ListSecretEvents: {EVENT} listed once, names in order', names.count(EVENT) == 1 and names == sorted(names), f'got {names}')
    check_wire('ListSecretEvents', wire, listed)
    types = ['SECRET_VERSION_CREATED', 'SECRET_DELETED']
    r = call(client, 'UpdateSecretEvent', event_name=EVENT, body=csms.UpdateSecretEventRequestBody(event_types=types))
    fields(
        f'UpdateSecretEvent({EVENT}, event_types)',
        r.event,
        {
            'name': EVENT,
            'event_types': types,
            'state': 'ENABLED',
            'event_id': state['event']['event_id'],
            'create_time': state['event']['create_time'],
        },
    )
    check(
        f'UpdateSecretEvent({EVENT}): the notification kept; update_time moved on',
        r.event.notification.to_dict() == TOPIC and r.event.update_time >= state['event']['update_time'],
        f'got {r.event.to_dict()}',
    )


def records_of(secret_name):
    return [x for x in call(client, 'ListNotificationRecords').records or [] if x.secret_name == secret_name]


def subscribe(state):
    section(f'events: {TAGGED} subscribes to {EVENT}; a new version writes a notification record')
    r = call(client, 'UpdateSecret', secret_name=TAGGED, body=csms.UpdateSecretRequestBody(event_subscriptions=[EVENT]))
    check(
        f'UpdateSecret({TAGGED}, event_subscriptions [{EVENT}])',
        r.secret.event_subscriptions == [EVENT],
        f'got {r.secret.event_subscriptions}',
    )
    got = [s.name for s in call(client, 'ListSecrets', event_name=EVENT).secrets]
    check(f'ListSecrets(event_name {EVENT}): [{TAGGED}]', got == [TAGGED], f'got {got}')
    check(f'ListNotificationRecords: nothing for {TAGGED} before its new version', records_of(TAGGED) == [], f'got {records_of(TAGGED)}')
    before = now_ms()
    call(client, 'CreateSecretVersion', secret_name=TAGGED, body=csms.CreateSecretVersionRequestBody(secret_string='second'))
    after = now_ms()
    r = call(client, 'ListNotificationRecords')
    mine = [x for x in r.records or [] if x.secret_name == TAGGED]
    got = [(x.event_name, x.trigger_event_type, x.notification_target_name, x.notification_target_id) for x in mine]
    want = [(EVENT, 'SECRET_VERSION_CREATED', TOPIC['target_name'], TOPIC['target_id'])]
    check(
        f'ListNotificationRecords after CreateSecretVersion({TAGGED}): one record, {EVENT} SECRET_VERSION_CREATED to the topic',
        got == want,
        f'got {got}',
    )
    if mine:
        check(
            f'the record of {TAGGED}: create_time the time of the version, a notification_status',
            before <= mine[0].create_time <= after and bool(mine[0].notification_status),
            f'got {mine[0].to_dict()}',
        )
    check_wire('ListNotificationRecords', wire, r)
    expect_documented(
        f'DeleteSecretEvent({EVENT}) while {TAGGED} subscribes to it',
        'DeleteSecretEvent',
        400,
        'EventInUse',
        lambda: call(client, 'DeleteSecretEvent', event_name=EVENT),
    )
    check(f'ShowSecretEvent({EVENT}): the refused delete left it', call(client, 'ShowSecretEvent', event_name=EVENT).event.name == EVENT)
    call(client, 'UpdateSecretEvent', event_name=EVENT, body=csms.UpdateSecretEventRequestBody(state='DISABLED'))
    call(client, 'CreateSecretVersion', secret_name=TAGGED, body=csms.CreateSecretVersionRequestBody(secret_string='third'))
    check(
        f'a version of {TAGGED} while {EVENT} is DISABLED writes no record (still one)',
        len(records_of(TAGGED)) == 1,
        f'got {len(records_of(TAGGED))}',
    )


def unsubscribe(state):
    section(f'events: {TAGGED} unsubscribes; {EVENT} deleted; clean-up')
    r = call(client, 'UpdateSecret', secret_name=TAGGED, body=csms.UpdateSecretRequestBody(event_subscriptions=[]))
    check(
        f'UpdateSecret({TAGGED}, event_subscriptions []): no subscription left',
        not r.secret.event_subscriptions,
        f'got {r.secret.event_subscriptions}',
    )
    got = [s.name for s in call(client, 'ListSecrets', event_name=EVENT).secrets]
    check(f'ListSecrets(event_name {EVENT}): none', got == [], f'got {got}')
    r = call(client, 'DeleteSecretEvent', event_name=EVENT)
    no_body(f'DeleteSecretEvent({EVENT}) once unsubscribed', r, 'DeleteSecretEventResponse')
    expect_documented(
        f'ShowSecretEvent({EVENT}) once deleted',
        'ShowSecretEvent',
        404,
        'EventNotFound',
        lambda: call(client, 'ShowSecretEvent', event_name=EVENT),
    )
    check(
        f'ListNotificationRecords: the record of {TAGGED} stays after its event is deleted',
        len(records_of(TAGGED)) == 1,
        f'got {len(records_of(TAGGED))}',
    )


def clean_up(state):
    """Deletes what the run made, whatever step failed: the subscription, the event, the secret."""
    section('tags and events: nothing of this run is left')
    if state.get('id'):
        call(client, 'UpdateSecret', secret_name=TAGGED, body=csms.UpdateSecretRequestBody(event_subscriptions=[]))
        call(client, 'DeleteSecret', secret_name=TAGGED)
    names = [e.name for e in call(client, 'ListSecretEvents', limit='100').events]
    if EVENT in names:
        call(client, 'DeleteSecretEvent', event_name=EVENT)
    r = find(action='count', matches=[csms.TagMatches(key='resource_name', value=RUN)])
    check(f'ListResourceInstances: no secret of this run is left (names containing {RUN})', r.total_count == 0, f'got {r.total_count}')
    names = [e.name for e in call(client, 'ListSecretEvents', limit='100').events]
    check(f'ListSecretEvents: no event of this run is left ({EVENT})', EVENT not in names, f'got {names}')


STEPS = [tag, find_by_tag, untag, events, subscribe, unsubscribe]


def run():
    """Every step in order, then the clean-up; a step that raises is one failed check, and the next one still runs."""
    state = {}
    for step in STEPS + [clean_up]:
        try:
            step(state)
        except Exception as e:  # a crash is reported as such, never swallowed
            crashed(f'tags and events step {step.__name__}', e)
