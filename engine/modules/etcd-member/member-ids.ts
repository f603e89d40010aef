// etcd names a member by a 64-bit id. `-w json` prints it in decimal (which quorum keeps as a string, since it
// does not fit a JavaScript number); the commands that take an id (`member promote`, `member remove`) and
// etcd's own log lines want it in hex.

/** '8362266822375555034' -> '740cbd5ea8babfda'. */
export function memberIdToHex(decimal: string): string {
  if (!/^(0|[1-9][0-9]*)$/.test(decimal)) throw new RangeError(`not a decimal member id: ${JSON.stringify(decimal)}`);
  return BigInt(decimal).toString(16);
}

/** '740cbd5ea8babfda' (with or without 0x) -> '8362266822375555034'. */
export function memberIdFromHex(hex: string): string {
  const digits = hex.replace(/^0x/i, '');
  if (!/^[0-9a-f]{1,16}$/i.test(digits)) throw new RangeError(`not a hex member id: ${JSON.stringify(hex)}`);
  return BigInt(`0x${digits}`).toString(10);
}
