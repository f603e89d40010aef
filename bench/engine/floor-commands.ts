// The floor's work: the shell commands that the playbook's ten tasks come down to on one host, with the same
// results (files, modes, contents, link), and nothing else: no templating engine, no module logic, no facts.
// The floor script sends them over one persistent ssh2 connection per host, as root through `sudo -n`.

export const benchDir = '/opt/quorum-bench';

export interface FloorHost {
  readonly name: string;
  readonly address: string;
}

export function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** What the playbook's template renders for a host (templates/bench.conf.j2). */
export function renderedConfig(host: FloorHost, playHosts: readonly string[]): string {
  const peers = playHosts.map((peer) => `peer = ${peer}\n`).join('');
  return `# written for ${host.name} (${host.name})\ngreeting = hello\naddress = ${host.address}\n${peers}`;
}

/** The ten commands, in the playbook's task order. */
export function floorCommands(host: FloorHost, playHosts: readonly string[]): string[] {
  const config = `${benchDir}/bench.conf`;
  return [
    `mkdir -p ${benchDir} && chmod 0755 ${benchDir}`,
    'hostname',
    `printf '%s' ${singleQuoted(renderedConfig(host, playHosts))} > ${config} && chmod 0640 ${config}`,
    `printf '%s' ${singleQuoted(`benchmarked on ${host.name}\n`)} > ${benchDir}/motd && chmod 0644 ${benchDir}/motd`,
    `stat -c %s ${config}`,
    `size=$(stat -c %s ${config}); touch ${benchDir}/settings && chmod 0644 ${benchDir}/settings && ` +
      `if grep -q '^size =' ${benchDir}/settings; then sed -i "s/^size =.*/size = $size/" ${benchDir}/settings; ` +
      `else echo "size = $size" >> ${benchDir}/settings; fi`,
    `wc -l < ${config} > ${benchDir}/lines`,
    `cat ${benchDir}/lines`,
    `ln -sfn ${config} ${benchDir}/current.conf`,
    `cp ${benchDir}/lines ${benchDir}/lines.done`,
  ];
}
