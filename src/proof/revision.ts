import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError, UsageError, type Problem } from '../shared/errors.ts';
import { exists } from '../shared/file-exists.ts';
import { onInterrupt } from '../shared/interrupts.ts';
import { tempFolder } from '../shared/temp-folder.ts';

const run = promisify(execFile);

/** A build of an earlier revision, in a temporary folder, and how to remove it. */
export interface RevisionBuild {
  /** The commit the revision named, abbreviated. */
  commit: string;
  /** The project folder at that revision (inside the temporary worktree). */
  root: string;
  /** The output folder its build went into. */
  out: string;
  remove: () => Promise<void>;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', cwd, ...args], { maxBuffer: 1 << 24 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw new EnvironmentError('git not found: a proof against a revision needs git (Debian/Ubuntu: sudo apt-get install git)', {
        code: 'tool-missing',
      });
    throw error;
  });
  return stdout.trim();
}

/** The commit a revision names in the repository holding `root`, or a problem saying why there is none. */
export async function resolveRevision(root: string, revision: string): Promise<{ top: string; commit: string } | Problem> {
  const top = await git(root, ['rev-parse', '--show-toplevel']).catch(() => undefined);
  if (top === undefined)
    return {
      code: 'proof-against-unknown',
      severity: 'error',
      message: `--against ${revision}: no such folder, and ${root} is not in a git repository to find a revision in`,
      hint: 'give a folder that an earlier build wrote (such as a copy of dist), or a commit, tag or branch',
    };
  const commit = await git(root, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]).catch(() => undefined);
  if (!commit)
    return {
      code: 'proof-against-unknown',
      severity: 'error',
      message: `--against ${revision}: no such folder, nor a commit, tag or branch of the repository at ${top}`,
      hint: 'give a folder that an earlier build wrote (such as a copy of dist), or a revision `git log` lists',
    };
  return { top, commit };
}

/**
 * Builds the project as it was at `revision`: a temporary `git worktree` of that commit (outside
 * the project, detached, so no branch moves), the decks built from it by `build` into a temporary
 * output folder. The caller removes both with `remove()`; an interrupt removes them too.
 */
export async function buildRevision(
  root: string,
  revision: string,
  build: (root: string, out: string) => Promise<void>,
): Promise<RevisionBuild> {
  const resolved = await resolveRevision(root, revision);
  if (!('commit' in resolved)) throw new UsageError([resolved]);
  const { top, commit } = resolved;
  const folder = tempFolder('kaartenset-proof-revision-');
  const tree = path.join(folder.dir, 'tree');
  const removeTree = () => git(top, ['worktree', 'remove', '--force', tree]).catch(() => git(top, ['worktree', 'prune']).catch(() => ''));
  const forget = onInterrupt(() => void removeTree());
  const remove = async () => {
    await removeTree();
    forget();
    await folder.remove();
  };
  try {
    await git(top, ['worktree', 'add', '--detach', '--quiet', tree, commit]);
    const projectRoot = path.join(tree, path.relative(top, root));
    if (!(await exists(path.join(projectRoot, 'deck'))))
      throw new UsageError([
        {
          code: 'proof-against-no-decks',
          severity: 'error',
          message: `--against ${revision}: the project at commit ${commit.slice(0, 12)} has no deck/ folder to build`,
        },
      ]);
    const out = path.join(folder.dir, 'out');
    await build(projectRoot, out);
    return { commit: commit.slice(0, 12), root: projectRoot, out, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
