// The few protobuf encodings replies need: msg_responses carry the Msg*Response of each
// message as the chain would (wasmd 0.60 fills them for every submessage).

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** A length-delimited field (wire type 2); omitted when empty, as proto3 does. */
function bytesField(field: number, data: Uint8Array): number[] {
  if (data.length === 0) return [];
  return [(field << 3) | 2, ...varint(data.length), ...data];
}

export function executeResponse(data: Uint8Array): Uint8Array {
  return Uint8Array.from(bytesField(1, data));
}

export function instantiateResponse(address: string, data: Uint8Array): Uint8Array {
  return Uint8Array.from([...bytesField(1, Buffer.from(address, "utf8")), ...bytesField(2, data)]);
}

export const EMPTY = new Uint8Array(0);
