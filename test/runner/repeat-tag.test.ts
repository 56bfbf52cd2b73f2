// The repeat tag finds a descendant that left the process group with setsid,
// which a group kill and a parent-pid walk from the child both miss.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { waitUntilGone } from '../../harness/runner/kill-tree.js';
import { REPEAT_TAG_VAR, findTagged, newRepeatTag } from '../../harness/runner/repeat-tag.js';

describe.runIf(process.platform === 'linux')('findTagged', () => {
  it('finds a setsid grandchild by its inherited tag, and nothing once it is killed', async () => {
    const tag = newRepeatTag();
    // The child starts a grandchild in a new session (detached), prints its pid and exits at once.
    const child = spawn(
      process.execPath,
      [
        '-e',
        "const g = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }); g.unref(); console.log(g.pid);",
      ],
      { env: { ...process.env, [REPEAT_TAG_VAR]: tag }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    const grandchild = Number(out.trim());
    try {
      expect(findTagged(tag).map((entry) => entry.pid)).toEqual([grandchild]);
      expect(findTagged(newRepeatTag())).toEqual([]);
      expect(findTagged(tag, [grandchild])).toEqual([]);
    } finally {
      process.kill(grandchild, 'SIGKILL');
    }
    expect(await waitUntilGone([grandchild], 5000)).toBe(true);
    expect(findTagged(tag)).toEqual([]);
  });
});
