"""Rotation setup, the password generator, the secret checker and the user directory through the
official Python SDK.

GenerateRandomPassword is answered fresh by the mock: the length and character rules of each
request are checked against the document (GenerateRandomPasswordRequest: lengths 1 to 255, the
characters CSMS draws from). The other operations here the mock answers from the document's
examples (x-mock-examples): each call is made with the document's own example inputs, the answer
must be one of the document's examples of its status, and the SDK's typed result must carry it.
Their documented errors are caused where a request can cause them (a parameter or body the
document refuses) and asked for with `Prefer` where only the real service's state could (a user
that does not exist, a wrong old password).
"""

import json
import string

from harness import (
    DOCUMENT,
    MOCK_URL,
    call,
    check,
    check_wire,
    client,
    crashed,
    csms,
    deref,
    expect_documented,
    journal,
    parameter_example,
    prefer,
    prefer_client,
    prefer_wire,
    request_example,
    response_examples,
    section,
    wire,
)

# The kinds of character CSMS draws from (the document's GenerateRandomPasswordRequest): ASCII
# letters, digits, the ASCII punctuation (Python's string.punctuation is the same 32), the space.
KINDS = {
    'exclude_lowercase': string.ascii_lowercase,
    'exclude_uppercase': string.ascii_uppercase,
    'exclude_numbers': string.digits,
    'exclude_punctuation': string.punctuation,
}
# Without `length` a password has 32 characters (vendor reference page, GenerateRandomPassword).
# A failed check says how many characters broke a rule, never which: a password is a secret value.
DEFAULT_LENGTH = 32

# What the SDK's models do to the document's users (UsersDetailsResult types disabled, grade,
# locked and extension as str; UserOrgRelationListResult relation_type as str; ShowUserDetailResponse
# types locked and relation_type as str). The core's deserializer then calls str() on the JSON value
# (huaweicloudsdkcore client.py _deserialize_primitive): false becomes 'False', 1 '1', {} '{}'.
AS_TEXT = "the SDK's model types it as str, so the JSON value arrives as Python's str() of it"
USER_CHANGES = {
    '$.users[0].disabled': AS_TEXT,
    '$.users[0].grade': AS_TEXT,
    '$.users[0].locked': AS_TEXT,
    '$.users[0].extension': AS_TEXT,
    '$.users[0].user_org_relation_list[1].relation_type': AS_TEXT,
}
DETAIL_CHANGES = {
    '$.locked': AS_TEXT,
    '$.user_org_relation_list[0].relation_type': AS_TEXT,
    '$.user_org_relation_list[1].relation_type': AS_TEXT,
}


def password_schema():
    body = deref(
        deref(
            next(
                op
                for item in DOCUMENT['paths'].values()
                for op in item.values()
                if isinstance(op, dict) and op.get('operationId') == 'GenerateRandomPassword'
            )['requestBody']
        )['content']['application/json']['schema']
    )
    return body['properties']


def generate(**rules):
    return call(client, 'GenerateRandomPassword', body=csms.CreatePasswordRequestBody(**rules)).password


def passwords():
    section('GenerateRandomPassword: the length and the character rules of each request')
    length = password_schema()['length']
    for n in (length['minimum'], 20, length['maximum']):
        got = generate(length=n)
        check(f'GenerateRandomPassword(length {n}): {n} characters', len(got) == n, f'got {len(got)}')
    got = generate()
    check(f'GenerateRandomPassword() without length: {DEFAULT_LENGTH} characters', len(got) == DEFAULT_LENGTH, f'got {len(got)}')
    check_wire('GenerateRandomPassword()', wire, call(client, 'GenerateRandomPassword', body=csms.CreatePasswordRequestBody()))
    many = {generate(length=24) for _ in range(5)}
    check('GenerateRandomPassword: five calls, five different passwords', len(many) == 5, f'got {len(many)} different')
    for excluded in (('exclude_numbers', 'exclude_punctuation'), ('exclude_lowercase', 'exclude_uppercase')):
        allowed = ''.join(chars for flag, chars in KINDS.items() if flag not in excluded)
        got = generate(length=64, **{flag: True for flag in excluded})
        check(
            f'GenerateRandomPassword({", ".join(excluded)}): only the other kinds',
            set(got) <= set(allowed),
            f'{len(set(got) - set(allowed))} characters of an excluded kind',
        )
    got = generate(length=64, exclude_characters='aeiouAEIOU0')
    check(
        'GenerateRandomPassword(exclude_characters aeiouAEIOU0): none of them',
        not set(got) & set('aeiouAEIOU0'),
        f'{len(set(got) & set("aeiouAEIOU0"))} of them',
    )
    got = generate(length=5, include_space=True, require_each_included_type=True)
    kinds = [chars for chars in KINDS.values()] + [' ']
    check(
        'GenerateRandomPassword(length 5, include_space, require_each_included_type): one of each of the 5 kinds',
        all(set(got) & set(chars) for chars in kinds),
        f'kinds missing: {[chars[:3] for chars in kinds if not set(got) & set(chars)]}',
    )
    strict = request_example('GenerateRandomPassword', 'strict')
    got = generate(**strict)
    check(
        f'GenerateRandomPassword with the request example strict: {strict["length"]} characters, none of {strict["exclude_characters"]}',
        len(got) == strict['length'] and not set(got) & set(strict['exclude_characters']),
    )
    none = {flag: True for flag in KINDS}
    expect_documented(
        'GenerateRandomPassword excluding every kind', 'GenerateRandomPassword', 400, 'PasswordRulesUnsatisfiable', lambda: generate(**none)
    )
    expect_documented(
        f'GenerateRandomPassword(length {length["maximum"] + 1})',
        'GenerateRandomPassword',
        400,
        'MalformedBody',
        lambda: generate(length=length['maximum'] + 1),
    )


def as_echoed(example, answer, named):
    """The example as the mock answers it (packages/mock/src/example-echo.js): a string of the answer
    that differs from the example's may only be a value the request's path named."""
    if isinstance(example, list) and isinstance(answer, list) and len(example) == len(answer):
        return [as_echoed(e, a, named) for e, a in zip(example, answer)]
    if isinstance(example, dict) and isinstance(answer, dict):
        return {k: as_echoed(v, answer.get(k), named) for k, v in example.items()}
    if isinstance(example, str) and isinstance(answer, str) and answer in named:
        return answer
    return example


def from_examples(what, operation_id, response, status=200, sdk_changes=None, named=()):
    """An answer from the document's examples (with the names the request gave repeated in it):
    equal to one of them, and carried by the SDK's typed result."""
    raw = json.loads(wire.last['text'])
    names = [name for name, example in response_examples(operation_id, status).items() if as_echoed(example['value'], raw, named) == raw]
    check(f"{what}: the answer is the document's example {names[0] if names else '?'}", bool(names), f'got {raw!r:.200}')
    check_wire(what, wire, response, sdk_changes)


def rotation_setup():
    section("rotation setup: CreateAgency, ShowAgency, ShowSecretFunctionTemplates (answered from the document's examples)")
    body = request_example('CreateAgency', 'vendor')
    r = call(client, 'CreateAgency', body=csms.CreateAgencyRequestBody(**body))
    from_examples(f'CreateAgency({body["secret_type"]})', 'CreateAgency', r)
    secret_type = parameter_example('ShowAgency', 'secret_type')
    r = call(client, 'ShowAgency', secret_type=secret_type)
    from_examples(f'ShowAgency({secret_type})', 'ShowAgency', r)
    query = {name: parameter_example('ShowSecretFunctionTemplates', name) for name in ('secret_type', 'secret_sub_type', 'engine')}
    r = call(client, 'ShowSecretFunctionTemplates', **query)
    from_examples(f'ShowSecretFunctionTemplates({", ".join(query.values())})', 'ShowSecretFunctionTemplates', r)
    expect_documented(
        'CreateAgency for secret_type RDS (not a rotated type)',
        'CreateAgency',
        400,
        'MalformedBody',
        lambda: call(client, 'CreateAgency', body=csms.CreateAgencyRequestBody(secret_type='RDS')),
    )
    asked('CreateAgency', 400, 'InvalidParameter', lambda: call(prefer_client, 'CreateAgency', body=csms.CreateAgencyRequestBody(**body)))
    expect_documented(
        'ShowAgency(secret_type RDS)', 'ShowAgency', 400, 'InvalidParameter', lambda: call(client, 'ShowAgency', secret_type='RDS')
    )
    wrong = {**query, 'engine': 'oracle'}
    expect_documented(
        'ShowSecretFunctionTemplates(engine oracle)',
        'ShowSecretFunctionTemplates',
        400,
        'InvalidParameter',
        lambda: call(client, 'ShowSecretFunctionTemplates', **wrong),
    )


def asked(operation_id, status, mock_error, run):
    """A documented error that only the real service's state causes, asked for with Prefer."""
    from harness import documented_errors

    example = documented_errors(operation_id)[(status, mock_error)]['example']
    prefer.value = f'code={status}, example={example}'
    try:
        expect_documented(
            f'{operation_id} with Prefer: code={status}, example={example}', operation_id, status, mock_error, run, sdk_wire=prefer_wire
        )
    finally:
        prefer.value = None


def checker():
    section("secret checker: CheckSecrets, ShowSecretsConfig, UpdateSecretsConfig (answered from the document's examples)")
    body = request_example('CheckSecrets', 'weak')
    r = call(client, 'CheckSecrets', body=csms.CheckSecretsRequestBody(**body))
    from_examples('CheckSecrets(the request example weak)', 'CheckSecrets', r)
    r = call(client, 'ShowSecretsConfig')
    from_examples('ShowSecretsConfig', 'ShowSecretsConfig', r)
    for name in ('on', 'off'):
        sent = request_example('UpdateSecretsConfig', name)
        r = call(client, 'UpdateSecretsConfig', body=csms.UpdateSecretsConfigRequestBody(**sent))
        from_examples(f'UpdateSecretsConfig({sent})', 'UpdateSecretsConfig', r)
    expect_documented(
        'CheckSecrets with type "2" (only "1" is documented)',
        'CheckSecrets',
        400,
        'MalformedBody',
        lambda: call(client, 'CheckSecrets', body=csms.CheckSecretsRequestBody(type='2', data=body['data'])),
    )
    expect_documented(
        'UpdateSecretsConfig without checking_secret_strength',
        'UpdateSecretsConfig',
        400,
        'MalformedBody',
        lambda: call(client, 'UpdateSecretsConfig', body=csms.UpdateSecretsConfigRequestBody()),
    )


def users():
    section("users: ListUsers, ShowUserDetail, UpdateUserPassword (answered from the document's examples)")
    query = {name: parameter_example('ListUsers', name) for name in ('offset', 'limit')}
    r = call(client, 'ListUsers', **query)
    from_examples(f'ListUsers(offset {query["offset"]}, limit {query["limit"]})', 'ListUsers', r, sdk_changes=USER_CHANGES)
    listed = r.users[0].user_id if r.users else 'none'
    r = call(client, 'ShowUserDetail', user_id=listed)
    from_examples(f'ShowUserDetail({listed})', 'ShowUserDetail', r, sdk_changes=DETAIL_CHANGES, named=(listed,))
    sent = request_example('UpdateUserPassword', 'vendor')
    r = call(client, 'UpdateUserPassword', body=csms.ChangeUsersPassword(**sent))
    from_examples('UpdateUserPassword(the request example vendor)', 'UpdateUserPassword', r)
    entries = json.dumps(journal(MOCK_URL))
    check(
        "the mock's journal holds neither password UpdateUserPassword sent",
        sent['password'] not in entries and sent['old_password'] not in entries,
    )
    expect_documented(
        'ListUsers(limit 5, below the minimum)', 'ListUsers', 400, 'InvalidParameter', lambda: call(client, 'ListUsers', offset=0, limit=5)
    )
    expect_documented(
        'UpdateUserPassword with an empty password',
        'UpdateUserPassword',
        400,
        'MalformedBody',
        lambda: call(client, 'UpdateUserPassword', body=csms.ChangeUsersPassword(password='', old_password=sent['old_password'])),
    )
    asked('ShowUserDetail', 404, 'UserNotFound', lambda: call(prefer_client, 'ShowUserDetail', user_id=listed))
    asked(
        'UpdateUserPassword',
        400,
        'WrongOldPassword',
        lambda: call(prefer_client, 'UpdateUserPassword', body=csms.ChangeUsersPassword(**sent)),
    )


STEPS = [passwords, rotation_setup, checker, users]


def run():
    for step in STEPS:
        try:
            step()
        except Exception as e:  # a crash is reported as such, never swallowed
            crashed(f'tools and users step {step.__name__}', e)
