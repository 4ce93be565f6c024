// startMock's life cycle: a free port by default, the port freed on close, a clear error when taken.
import { describe, expect, it } from 'vitest';
import { startMock } from '@csms-openapi/mock';
import { isListening } from '../../../test/support/start.js';

describe('startMock', () => {
  it('port 0 picks a free port on 127.0.0.1 and reports it; close() frees it', async () => {
    const mock = await startMock({ port: 0 });
    const { hostname, port } = new URL(mock.url);
    expect(hostname).toBe('127.0.0.1');
    expect(Number(port)).toBeGreaterThan(0);
    expect(await isListening(Number(port))).toBe(true);
    await mock.close();
    expect(await isListening(Number(port))).toBe(false);
  });

  it('a taken port is an Error with code EADDRINUSE naming the port', async () => {
    const first = await startMock();
    const port = Number(new URL(first.url).port);
    try {
      await expect(startMock({ port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
        message: expect.stringContaining(`127.0.0.1:${port}`),
      });
    } finally {
      await first.close();
    }
  });
});
