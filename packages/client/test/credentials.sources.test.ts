// fromEnv, fromProfile and the chain, on real variables (an env object) and real files in a
// scratch folder: what each reads, where the file is looked for, the errors that name what is
// missing, hostile files (huge, binary, not UTF-8, odd INI, a FIFO), and no secret in any error.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCredentials, fromEnv, fromProfile, MAX_PROFILE_BYTES } from '@csms-openapi/client/credentials';
import { CsmsError } from '../src/index.js';
import { leakCapture } from './support/leaks.js';
import { useScratchDir } from '../../../test/support/scratch.js';

const AK = 'SOURCESTESTAK0000001';
const SK = 'sources-test-SECRET-key-a83f1c';
const TOKEN = 'sources-test-SECURITY-token-29de7b';
const PROJECT = '0b1f4e6a2d8c4f5e9a7b3c1d2e4f6a8b';

const leaks = leakCapture();
afterAll(() => {
  expect(leaks.count).toBeGreaterThan(20);
  expect(leaks.findSecrets([SK, TOKEN])).toEqual([]);
});
const scratch = useScratchDir('credentials');

/** The rejection of a provider's first fetch, recorded for the leak check. */
const failure = async (provider: () => Promise<unknown>) => {
  const e = await leaks.caught(provider());
  expect(e).toBeInstanceOf(CsmsError);
  expect(e.kind).toBe('credentials');
  return e.message;
};
const file = async (name: string, content: string | Uint8Array) => {
  const p = path.join(scratch.dir, name);
  await fs.writeFile(p, content);
  return p;
};

describe('fromEnv', () => {
  it('reads HUAWEICLOUD_SDK_AK, _SK, _SECURITY_TOKEN and _PROJECT_ID', async () => {
    const env = {
      HUAWEICLOUD_SDK_AK: AK,
      HUAWEICLOUD_SDK_SK: SK,
      HUAWEICLOUD_SDK_SECURITY_TOKEN: TOKEN,
      HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
    };
    const c = await fromEnv({ env })();
    expect([c.ak, c.sk, c.securityToken, c.projectId, c.expiresAt, c.source]).toEqual([AK, SK, TOKEN, PROJECT, undefined, 'environment']);
    leaks.record(c);
  });

  it('reads process.env when given no env, at the first call (not when created)', async () => {
    const provider = fromEnv();
    const names = ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN', 'HUAWEICLOUD_SDK_PROJECT_ID'];
    const saved = names.map((n) => process.env[n]);
    try {
      process.env.HUAWEICLOUD_SDK_AK = AK;
      process.env.HUAWEICLOUD_SDK_SK = SK;
      delete process.env.HUAWEICLOUD_SDK_SECURITY_TOKEN;
      delete process.env.HUAWEICLOUD_SDK_PROJECT_ID;
      const c = await provider();
      expect([c.ak, c.securityToken, c.projectId]).toEqual([AK, undefined, undefined]);
    } finally {
      for (const [i, n] of names.entries()) {
        if (saved[i] === undefined) delete process.env[n];
        else process.env[n] = saved[i];
      }
    }
  });

  it('names what is not set, and sends nothing', async () => {
    expect(await failure(fromEnv({ env: {} }))).toBe('HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set');
    expect(await failure(fromEnv({ env: { HUAWEICLOUD_SDK_SK: SK } }))).toBe('HUAWEICLOUD_SDK_AK is not set');
    expect(await failure(fromEnv({ env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: '' } }))).toBe('HUAWEICLOUD_SDK_SK is not set');
    expect(await failure(fromEnv({ env: { HUAWEICLOUD_SDK_IDP_ID: 'idp', HUAWEICLOUD_SDK_ID_TOKEN_FILE: '/t' } }))).toBe(
      'the environment names HUAWEICLOUD_SDK_IDP_ID/HUAWEICLOUD_SDK_ID_TOKEN_FILE (federation with an ID token), which this client does not support: give AK/SK instead',
    );
  });

  it('takes the projectId option when the variables name no project, and the variable when both do', async () => {
    const env = { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK };
    expect((await fromEnv({ env, projectId: 'fallback' })()).projectId).toBe('fallback');
    expect((await fromEnv({ env: { ...env, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT }, projectId: 'fallback' })()).projectId).toBe(PROJECT);
  });
});

describe('fromProfile', () => {
  it('reads ak, sk, security_token and project_id from [basic] of the file the option names', async () => {
    const p = await file('full', `[basic]\nak = ${AK}\nsk = ${SK}\nsecurity_token = ${TOKEN}\nproject_id = ${PROJECT}\n`);
    const c = await fromProfile({ file: p })();
    expect([c.ak, c.sk, c.securityToken, c.projectId, c.source]).toEqual([AK, SK, TOKEN, PROJECT, `profile ${p} [basic]`]);
  });

  it('looks for HUAWEICLOUD_SDK_CREDENTIALS_FILE, else ~/.huaweicloud/credentials', async () => {
    const p = await file('from-env', `[basic]\nak=${AK}\nsk=${SK}\n`);
    expect((await fromProfile({ env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: p } })()).source).toBe(`profile ${p} [basic]`);
    // os.homedir() is $HOME on POSIX: a home of the test's own.
    const home = path.join(scratch.dir, 'home');
    await fs.mkdir(path.join(home, '.huaweicloud'), { recursive: true });
    await fs.writeFile(path.join(home, '.huaweicloud', 'credentials'), `[basic]\nak=HOMEAK\nsk=${SK}\n`);
    const saved = process.env.HOME;
    try {
      process.env.HOME = home;
      expect(os.homedir()).toBe(home);
      const c = await fromProfile({ env: {} })();
      expect([c.ak, c.source]).toEqual(['HOMEAK', `profile ${path.join(home, '.huaweicloud', 'credentials')} [basic]`]);
    } finally {
      if (saved === undefined) delete process.env.HOME;
      else process.env.HOME = saved;
    }
  });

  it('reads another section when asked, keys in any case, with comments, CRLF, a BOM and `key: value`', async () => {
    const p = await file(
      'sections',
      `\uFEFF# Huawei Cloud credentials\r\n; a comment\r\n[basic]\r\nak = OTHER\r\nsk = other\r\n\r\n[basic-prod]\r\nAK: ${AK}\r\nSK = ${SK}\r\n`,
    );
    const c = await fromProfile({ file: p, profile: 'basic-prod' })();
    expect([c.ak, c.sk]).toEqual([AK, SK]);
  });

  it('names the file, the section and the key that are missing', async () => {
    const missing = path.join(scratch.dir, 'no-such-file');
    expect(await failure(fromProfile({ file: missing }))).toBe(`The profile file ${missing} does not exist`);
    const other = await file('other-section', `[global]\nak = ${AK}\nsk = ${SK}\n`);
    expect(await failure(fromProfile({ file: other }))).toBe(`The profile file ${other} has no [basic] section`);
    const noSk = await file('no-sk', `[basic]\nak = ${AK}\n`);
    expect(await failure(fromProfile({ file: noSk }))).toBe(`sk missing in section [basic] of ${noSk}`);
    const empty = await file('empty-values', '[basic]\nak =\nsk =\n');
    expect(await failure(fromProfile({ file: empty }))).toBe(`ak and sk missing in section [basic] of ${empty}`);
    const idp = await file('idp', '[basic]\nidp_id = idp\nid_token_file = /t\n');
    expect(await failure(fromProfile({ file: idp }))).toBe(
      `section [basic] of ${idp} names idp_id/id_token_file (federation with an ID token), which this client does not support: give AK/SK instead`,
    );
  });

  it('refuses hostile files without quoting them: huge, binary, not UTF-8, not a file, odd INI', async () => {
    const huge = await file('huge', Buffer.alloc(MAX_PROFILE_BYTES + 1, 'a'));
    expect(await failure(fromProfile({ file: huge }))).toBe(
      `The profile file ${huge} is larger than 1048576 bytes: not a credentials file`,
    );
    const binary = await file('binary', Buffer.from(`[basic]\nak = ${AK}\nsk = ${SK}\0\x01\x02`));
    expect(await failure(fromProfile({ file: binary }))).toBe(
      `The profile file ${binary} holds binary data (NUL bytes): not a credentials file`,
    );
    const latin1 = await file('latin1', Buffer.from([...Buffer.from(`[basic]\nak = ${AK}\nsk = ${SK}`), 0xe9, 0x0a]));
    expect(await failure(fromProfile({ file: latin1 }))).toBe(`The profile file ${latin1} is not UTF-8 text`);
    expect(await failure(fromProfile({ file: scratch.dir }))).toBe(`The profile file ${scratch.dir} is not a regular file`);
    const fifo = path.join(scratch.dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await failure(fromProfile({ file: fifo }))).toBe(`The profile file ${fifo} is not a regular file`);
    const odd: [string, string][] = [
      [`ak = ${AK}\n[basic]\nsk = ${SK}\n`, 'line 1 has a key before any [section]'],
      [`[basic]\n${SK}\n`, 'line 2 is neither a [section], a key = value nor a comment'],
      [`[basic]\nak = ${AK}\n  ${SK}\n`, 'line 3 is indented (a continuation line, which is not supported)'],
      [`[basic]\nsk = ${SK}\nsk = ${SK}x\n`, 'line 3 repeats a key of its section'],
      [`[basic]\nak = ${AK}\n[basic]\nsk = ${SK}\n`, 'line 3 repeats a section header that appears before'],
      [`[${SK}\n`, 'line 1 is not a [section] header'],
      [`[basic]\n= ${SK}\n`, 'line 2 is neither a [section], a key = value nor a comment'],
    ];
    for (const [i, [content, problem]] of odd.entries()) {
      const p = await file(`odd-${i}`, content);
      expect(await failure(fromProfile({ file: p }))).toBe(`The profile file ${p} is not a credentials file: ${problem}`);
    }
  });

  it('treats a section named __proto__ as a name like any other', async () => {
    const p = await file('proto', `[__proto__]\nak = ${AK}\nsk = ${SK}\n`);
    expect((await fromProfile({ file: p, profile: '__proto__' })()).ak).toBe(AK);
    expect(await failure(fromProfile({ file: p }))).toBe(`The profile file ${p} has no [basic] section`);
  });
});

describe('defaultCredentials: environment, then profile, then metadata', () => {
  let dead = '';
  beforeAll(async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dead = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    await new Promise((resolve) => server.close(resolve));
  });

  it('takes the environment first, and the profile file when the environment has nothing', async () => {
    const p = await file('chain', `[basic]\nak = PROFILEAK\nsk = ${SK}\nproject_id = ${PROJECT}\n`);
    const both = defaultCredentials({ env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK }, profile: { file: p } });
    expect((await both()).source).toBe('environment');
    const profileOnly = defaultCredentials({ env: {}, profile: { file: p }, metadata: { endpoint: dead } });
    const c = await profileOnly();
    expect([c.ak, c.projectId, c.source]).toEqual(['PROFILEAK', PROJECT, `profile ${p} [basic]`]);
    // From then on, that provider: peek answers without another look at the environment.
    expect(profileOnly.peek()?.ak).toBe('PROFILEAK');
  });

  it('when none has credentials, says what each lacked', async () => {
    const missing = path.join(scratch.dir, 'none');
    const message = await failure(
      defaultCredentials({ env: {}, profile: { file: missing }, metadata: { endpoint: dead, timeoutMs: 2_000 } }),
    );
    expect(message).toMatch(
      new RegExp(
        `^No credentials found\\. environment: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set; profile: The profile file ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not exist; metadata: The metadata service ${dead.replace(/[.]/g, '\\.')} \\(PUT /meta-data/latest/api/token\\) could not be reached: Network error: .*ECONNREFUSED.*$`,
      ),
    );
  });
});
