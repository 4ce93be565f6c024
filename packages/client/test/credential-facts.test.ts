// @csms-openapi/client/credentials against credential-facts.yaml (each fact with its source in
// the official SDK cores or Huawei's pages): the variables and keys read, where the profile file
// is, and what goes over the wire to the metadata service, seen by a recording server.
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_REFRESH_AHEAD_MS } from '../src/provider.js';
import {
  defaultCredentials,
  fromEnv,
  fromMetadata,
  fromProfile,
  METADATA_DEFAULTS,
  METADATA_ENDPOINT,
} from '@csms-openapi/client/credentials';
import { json, startFaultServer } from './support/fault-server.js';
import { useScratchDir } from '../../../test/support/scratch.js';

interface Facts {
  environment: Record<'ak' | 'sk' | 'project_id' | 'security_token' | 'idp_id' | 'id_token_file', string>;
  profile: { file_variable: string; default_dir: string; default_file: string; default_section: string; keys: Record<string, string> };
  metadata: {
    endpoint: string;
    token: { method: string; path: string; ttl_header: string; ttl_seconds: number; absent_statuses: number[] };
    security_key: { method: string; path: string; token_header: string; no_agency_text: string; envelope: string; fields: string[] };
    timeout_seconds: number;
  };
  refresh_ahead_seconds: { python: number };
  sources: Record<string, string>;
}
const facts = parse(readFileSync(new URL('./credential-facts.yaml', import.meta.url), 'utf8')) as Facts &
  Record<string, { sources?: string[] }>;
const scratch = useScratchDir('credential-facts');

describe('credential-facts.yaml', () => {
  it('names a known source for every fact group', () => {
    for (const [name, group] of Object.entries(facts)) {
      if (name === 'sources') continue;
      expect(group.sources?.length, name).toBeGreaterThan(0);
      for (const s of group.sources ?? []) expect(facts.sources, `${name}: ${s}`).toHaveProperty(s);
    }
  });
});

describe('the environment', () => {
  it('fromEnv reads the variables the SDKs read', async () => {
    const e = facts.environment;
    const c = await fromEnv({ env: { [e.ak]: 'A', [e.sk]: 'S', [e.security_token]: 'T', [e.project_id]: 'P' } })();
    expect([c.ak, c.sk, c.securityToken, c.projectId]).toEqual(['A', 'S', 'T', 'P']);
    const idp = await fromEnv({ env: { [e.idp_id]: 'i', [e.id_token_file]: 'f' } })().catch((x: Error) => x.message);
    expect(idp).toContain(`${e.idp_id}/${e.id_token_file}`);
  });
});

describe('the profile file', () => {
  it('fromProfile reads the SDKs keys from the default section of the file the variable names', async () => {
    const p = facts.profile;
    const file = path.join(scratch.dir, p.default_file);
    const k = p.keys as Record<'ak' | 'sk' | 'project_id' | 'security_token', string>;
    await fs.writeFile(file, `[${p.default_section}]\n${k.ak} = A\n${k.sk} = S\n${k.security_token} = T\n${k.project_id} = P\n`);
    const c = await fromProfile({ env: { [p.file_variable]: file } })();
    expect([c.ak, c.sk, c.securityToken, c.projectId]).toEqual(['A', 'S', 'T', 'P']);
  });
});

describe('the metadata service', () => {
  it('the default endpoint, timeout and refresh threshold', () => {
    expect(METADATA_ENDPOINT).toBe(facts.metadata.endpoint);
    expect(METADATA_DEFAULTS.timeoutMs).toBe(facts.metadata.timeout_seconds * 1000);
    expect(DEFAULT_REFRESH_AHEAD_MS).toBe(facts.refresh_ahead_seconds.python * 1000);
  });

  it('the requests on the wire: method, path and headers of the token and key steps; the fields read', async () => {
    const m = facts.metadata;
    const server = await startFaultServer((req, res) => {
      if (req.method === m.token.method && req.url === m.token.path) return void res.end('session');
      if (req.method === m.security_key.method && req.url === m.security_key.path)
        return json(res, 200, {
          [m.security_key.envelope]: Object.fromEntries(
            m.security_key.fields.map((f) => [f, f === 'expires_at' ? '2030-01-01T00:00:00.000000Z' : `v-${f}`]),
          ),
        });
      json(res, 404, {});
    });
    try {
      const c = await fromMetadata({ endpoint: server.url })();
      expect([c.ak, c.sk, c.securityToken]).toEqual(['v-access', 'v-secret', 'v-securitytoken']);
      const [put, get] = server.requests;
      expect([put!.method, put!.target, put!.headers[m.token.ttl_header.toLowerCase()]]).toEqual([
        m.token.method,
        m.token.path,
        String(m.token.ttl_seconds),
      ]);
      expect([get!.method, get!.target, get!.headers[m.security_key.token_header.toLowerCase()]]).toEqual([
        m.security_key.method,
        m.security_key.path,
        'session',
      ]);
    } finally {
      await server.close();
    }
  });

  it('a token API that is absent, and the text that means "no agency"', async () => {
    const m = facts.metadata;
    for (const status of m.token.absent_statuses) {
      const server = await startFaultServer((req, res) =>
        req.method === 'PUT' ? json(res, status, {}) : json(res, 401, { error: m.security_key.no_agency_text }),
      );
      try {
        const e = await fromMetadata({ endpoint: server.url })().catch((x: Error) => x.message);
        expect(e).toContain('it has no agency');
        expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'GET']);
      } finally {
        await server.close();
      }
    }
  });

  it('the chain asks the environment, then the profile file, then the metadata service', async () => {
    const server = await startFaultServer((_req, res) => json(res, 500, {}));
    try {
      const chain = defaultCredentials({ env: {}, profile: { file: path.join(scratch.dir, 'none') }, metadata: { endpoint: server.url } });
      const e = String(await chain().catch((x: Error) => x.message));
      expect(e.indexOf('environment:')).toBeLessThan(e.indexOf('profile:'));
      expect(e.indexOf('profile:')).toBeLessThan(e.indexOf('metadata:'));
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
