import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Playbook, TaskNode } from '../load/types.js';
import { digestFiles, type InputFile, type PlanInputDigests } from '../plan/saved-plan.js';

// What a saved plan was computed from, as digests: the inventory (its files, and the group_vars/host_vars
// beside them), the playbook with its task files, every role it uses, and the extra vars. `apply` computes
// the same digests again and refuses a plan whose inputs changed.

async function filesUnder(root: string, path: string): Promise<InputFile[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return [];
  }
  if (info.isFile()) return [{ path: relative(root, path), content: await readFile(path) }];
  if (!info.isDirectory()) return [];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.'))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => filesUnder(root, join(path, e.name))),
  );
  return nested.flat();
}

async function inventoryFiles(sources: readonly string[], cwd: string): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const source of sources) {
    const path = resolve(cwd, source);
    const info = await stat(path).catch(() => undefined);
    const dir = info?.isDirectory() ? path : dirname(path);
    files.push(...(await filesUnder(cwd, path)));
    if (!info?.isDirectory()) {
      files.push(...(await filesUnder(cwd, join(dir, 'group_vars'))), ...(await filesUnder(cwd, join(dir, 'host_vars'))));
    }
  }
  return files;
}

export async function planInputDigests(request: {
  playbook: Playbook;
  inventory: readonly string[];
  extraVars: readonly string[];
  cwd?: string;
}): Promise<PlanInputDigests> {
  const cwd = request.cwd ?? process.cwd();
  const roles = [...request.playbook.roles.values()].sort((a, b) => a.name.localeCompare(b.name));
  const roleFiles = (await Promise.all(roles.map((r) => filesUnder(dirname(r.path), r.path)))).flat();
  // The playbook, every task file it loaded, and the templates/ and files/ beside it (roles count as roles).
  const loaded = new Set<string>([request.playbook.path, ...request.playbook.imports]);
  const visit = (nodes: readonly TaskNode[]) => {
    for (const node of nodes) {
      loaded.add(resolve(cwd, node.pos.file));
      if (node.kind === 'block') [node.block, node.rescue, node.always].forEach(visit);
      if ((node.kind === 'import_tasks' || node.kind === 'include_tasks') && node.tasks) visit(node.tasks);
    }
  };
  for (const play of request.playbook.plays) [play.preTasks, play.tasks, play.postTasks, play.handlers].forEach(visit);
  const roleDirs = roles.map((r) => r.path);
  const own = [...loaded].filter((f) => !roleDirs.some((d) => f.startsWith(`${d}/`))).sort();
  // Imported playbooks' plays read templates/ and files/ beside their own file.
  const playDirs = [...new Set([request.playbook.dir, ...request.playbook.plays.map((p) => p.dir)])];
  const playbookFiles = [
    ...(await Promise.all(own.map((f) => filesUnder(request.playbook.dir, f)))).flat(),
    ...(await Promise.all(playDirs.flatMap((dir) => ['templates', 'files'].map((sub) => filesUnder(request.playbook.dir, join(dir, sub)))))).flat(),
  ];
  const extraVarFiles = await Promise.all(
    request.extraVars.map(async (e) =>
      e.startsWith('@') ? { path: e, content: await readFile(resolve(cwd, e.slice(1))) } : { path: 'arg', content: e },
    ),
  );
  return {
    inventory: digestFiles(await inventoryFiles(request.inventory, cwd)),
    playbook: digestFiles(playbookFiles),
    roles: digestFiles(roleFiles),
    extra_vars: digestFiles(extraVarFiles),
  };
}
