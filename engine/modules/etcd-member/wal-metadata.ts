// Which member and which cluster a data dir belongs to, read from the head of its first WAL file, so that
// the question can be answered while etcd is stopped (or has never run there). A WAL file is a sequence of
// frames: an 8-byte little-endian word (the low 56 bits the record's length; when the top bit is set, the
// low 3 bits of the top byte the padding after it) and a protobuf `walpb.Record {int64 type = 1; uint32 crc
// = 2; bytes data = 3}`. The record of type 1 (metadata) holds `etcdserverpb.Metadata {uint64 NodeID = 1;
// uint64 ClusterID = 2}`; etcd writes it right after the first crc record.

export interface WalMetadata {
  /** Decimal. */
  memberId: string;
  /** Decimal. */
  clusterId: string;
}

const metadataRecordType = 1n;

interface Field {
  number: number;
  /** A varint's value (wire type 0). */
  varint?: bigint;
  /** Bytes (wire type 2). */
  bytes?: Uint8Array;
}

function readVarint(buffer: Uint8Array, offset: number): { value: bigint; next: number } | undefined {
  let value = 0n;
  for (let i = 0; i < 10 && offset + i < buffer.length; i++) {
    const byte = buffer[offset + i]!;
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { value, next: offset + i + 1 };
  }
  return undefined;
}

/** The fields of one protobuf message; undefined when it is cut off or uses a wire type WAL records do not. */
function readFields(message: Uint8Array): Field[] | undefined {
  const fields: Field[] = [];
  let offset = 0;
  while (offset < message.length) {
    const key = readVarint(message, offset);
    if (!key) return undefined;
    const number = Number(key.value >> 3n);
    const wireType = Number(key.value & 7n);
    if (wireType === 0) {
      const value = readVarint(message, key.next);
      if (!value) return undefined;
      fields.push({ number, varint: value.value });
      offset = value.next;
    } else if (wireType === 2) {
      const length = readVarint(message, key.next);
      if (!length) return undefined;
      const end = length.next + Number(length.value);
      if (end > message.length) return undefined;
      fields.push({ number, bytes: message.subarray(length.next, end) });
      offset = end;
    } else {
      return undefined;
    }
  }
  return fields;
}

/** The member and cluster ids of a data dir from the first bytes (a few hundred are enough) of its first WAL file. */
export function readWalMetadata(head: Uint8Array): WalMetadata | undefined {
  let offset = 0;
  while (offset + 8 <= head.length) {
    const word = new DataView(head.buffer, head.byteOffset + offset, 8).getBigUint64(0, true);
    const length = Number(word & 0x00ff_ffff_ffff_ffffn);
    const topByte = Number(word >> 56n);
    const padding = (topByte & 0x80) !== 0 ? topByte & 0x7 : 0;
    const start = offset + 8;
    const end = start + length;
    if (length === 0 || end > head.length) return undefined;
    const record = readFields(head.subarray(start, end));
    if (!record) return undefined;
    const type = record.find((f) => f.number === 1)?.varint;
    const data = record.find((f) => f.number === 3)?.bytes;
    if (type === metadataRecordType && data) {
      const metadata = readFields(data);
      const memberId = metadata?.find((f) => f.number === 1)?.varint;
      const clusterId = metadata?.find((f) => f.number === 2)?.varint;
      if (memberId === undefined || clusterId === undefined) return undefined;
      return { memberId: memberId.toString(10), clusterId: clusterId.toString(10) };
    }
    offset = end + padding;
  }
  return undefined;
}
