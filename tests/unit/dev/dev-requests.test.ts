import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../../src/dev/dev-server.ts';
import { EnvironmentError } from '../../../src/shared/errors.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

let project: TempProject;
let server: DevServer;
let port: number;

/** Sends raw bytes as a browser or an attacker's page might, and returns the status line. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) socket.destroy();
    });
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

const get = (target: string, host = `127.0.0.1:${port}`) => raw(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

beforeAll(async () => {
  project = await tempProject(['mini']);
  server = await startDevServer({ root: project.root, port: 0 });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.close();
  await project?.cleanup();
});

describe('dev answers only its own page, and survives any request', () => {
  it('serves the page to localhost names and its own address', async () => {
    expect(await get('/')).toBe('HTTP/1.1 200 OK');
    expect(await get('/', `localhost:${port}`)).toBe('HTTP/1.1 200 OK');
  });

  it('refuses other Host headers (DNS rebinding), a wrong port and none at all', async () => {
    expect(await get('/', `evil.example:${port}`)).toBe('HTTP/1.1 403 Forbidden');
    expect(await get('/', `127.0.0.1.evil.example:${port}`)).toBe('HTTP/1.1 403 Forbidden');
    expect(await get('/', `127.0.0.1:${port + 1}`)).toBe('HTTP/1.1 403 Forbidden');
    expect(await raw('GET / HTTP/1.0\r\n\r\n')).toBe('HTTP/1.1 403 Forbidden');
  });

  it('answers a target no URL parser accepts, and keeps serving', async () => {
    expect(await get('//x:y@[bad/')).toBe('HTTP/1.1 400 Bad Request');
    expect(await get('/?lang=%E0%A4%A')).toMatch(/^HTTP\/1\.1 (200|404)/);
    await raw('\x00\x01garbage\r\n\r\n');
    expect(await get('/')).toBe('HTTP/1.1 200 OK');
  });

  it('sends a language name it does not know back as plain text', async () => {
    const response = await fetch(`${server.url}?lang=${encodeURIComponent('<script>x</script>')}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('puts locale file names into the page as data, never as markup', async () => {
    await writeFile(project.file('deck', 'mini', 'locales', '<img src=x onerror=alert(1)>.yaml'), 'language:\n  name: x\n');
    const restarted = await startDevServer({ root: project.root, port: 0 });
    try {
      const html = await (await fetch(restarted.url)).text();
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('\\u003cimg src=x onerror=alert(1)>');
    } finally {
      await restarted.close();
    }
  });

  it('reads only the locale files of its deck, whatever the worksheet is asked for', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-secret-'));
    try {
      await writeFile(path.join(outside, 'secret.yaml'), 'password: TOPSECRET-4711\n');
      const relative = path.relative(project.file('deck', 'mini', 'locales'), path.join(outside, 'secret'));
      for (const lang of [relative, path.join(outside, 'secret'), 'fr']) {
        const response = await fetch(`${server.url}worksheet?lang=${encodeURIComponent(lang)}`);
        const page = await response.text();
        expect(response.status).toBe(404);
        expect(page).not.toContain('TOPSECRET');
        expect(page).toMatch(/in deck mini; it has: .*en, nl</);
      }
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('names a --lang the deck has no locale for, in one located line', async () => {
    const cli = await runCli(['dev', '--root', project.root, '--lang', 'fr', '--port', '0']);
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /deck\/mini\/locales: --lang fr: deck mini has no locales\/fr\.yaml; it has: .*en, nl; show one of those, or start this one with: npx kaartenset i18n add fr$/,
      ),
    ]);
  });

  it('says in words when its port is in use', async () => {
    const second = startDevServer({ root: project.root, port });
    await expect(second).rejects.toBeInstanceOf(EnvironmentError);
    await expect(second).rejects.toThrow(`port ${port} on 127.0.0.1 is in use (another kaartenset dev?); choose another with --port`);
    const cli = await runCli(['dev', '--root', project.root, '--port', String(port)]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('is in use');
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });

  it('names an unknown --deck as unknown, without a stack trace', async () => {
    const cli = await runCli(['dev', '--root', project.root, '--deck', 'nope', '--port', '0']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/--deck nope: no such deck \(a deck folder holds deck\.yaml\); decks here: mini/);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('preflight on a file that is no PDF', () => {
  it('says so, without a stack trace', async () => {
    const cli = await runCli(['preflight', project.file('deck', 'mini', 'deck.yaml')]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/deck\.yaml: not a PDF \(no %PDF- header\); preflight checks PDF files/);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });
});
