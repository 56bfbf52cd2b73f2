// Temp files of dead writers go; a live writer's stay; other files are never touched.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStaleTempFiles } from '../../harness/fs/stale-temp.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return child.pid ?? 0;
}

describe('removeStaleTempFiles', () => {
  it('removes temp files whose writer is dead, keeps live writers\u2019 and everything else', async () => {
    dir = await mkdtemp(join(tmpdir(), 'memgate-stale-'));
    const dead = await deadPid();
    const names = {
      stale: `.api.json.${dead}.0123abcd.tmp`,
      live: `.api.json.${process.pid}.89abcdef.tmp`,
      baseline: 'api.json',
      lookalike: `.api.json.${dead}.nothex!!.tmp`,
    };
    for (const name of Object.values(names)) await writeFile(join(dir, name), '{');
    expect(await removeStaleTempFiles(dir)).toEqual([names.stale]);
    expect((await readdir(dir)).sort()).toEqual([names.live, names.baseline, names.lookalike].sort());
  });

  it('returns nothing for a directory that does not exist', async () => {
    expect(await removeStaleTempFiles(join(tmpdir(), 'memgate-no-such-dir-for-stale-temp'))).toEqual([]);
  });
});
