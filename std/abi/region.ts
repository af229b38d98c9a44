// Regions: the VM's view of contract memory. `Region { offset, capacity, length }`, 12 bytes,
// little-endian u32s. The contract owns every Region it receives (entry-point arguments, results
// of db_read / db_next / query_chain) and every Region it returns is deallocated by the VM.
//
// The stub runtime never frees: a fresh instance is created for every call and the VM caps its
// memory at 32 MiB, so bump allocation is both safe and the cheapest in gas.

const REGION_SIZE: usize = 12;

/** Allocates a Region with `capacity` bytes of zeroed data space; never returns 0. */
export function allocateRegion(capacity: usize): usize {
  const region = heap.alloc(REGION_SIZE);
  const data = heap.alloc(capacity > 0 ? capacity : 1);
  store<u32>(region, <u32>data, 0);
  store<u32>(region, <u32>capacity, 4);
  store<u32>(region, 0, 8);
  return region;
}

/** Frees a Region and its data; a no-op under the stub runtime, kept for the ABI's sake. */
export function freeRegion(region: usize): void {
  if (region == 0) return;
  heap.free(<usize>load<u32>(region, 0));
  heap.free(region);
}

/** Copies bytes into a new Region whose length equals their length. */
export function regionFromBytes(bytes: Uint8Array): usize {
  const len = <usize>bytes.length;
  const region = allocateRegion(len);
  memory.copy(<usize>load<u32>(region, 0), bytes.dataStart, len);
  store<u32>(region, <u32>len, 8);
  return region;
}

/** Copies a Region's `length` bytes out into a fresh array. */
export function bytesFromRegion(region: usize): Uint8Array {
  const len = <i32>load<u32>(region, 8);
  const out = new Uint8Array(len);
  memory.copy(out.dataStart, <usize>load<u32>(region, 0), <usize>len);
  return out;
}

/** The UTF-8 encoding of a string in a new Region. */
export function regionFromString(s: string): usize {
  return regionFromBytes(Uint8Array.wrap(String.UTF8.encode(s)));
}

/** A Region's bytes decoded as UTF-8. */
export function stringFromRegion(region: usize): string {
  return String.UTF8.decodeUnsafe(<usize>load<u32>(region, 0), <usize>load<u32>(region, 8));
}

/** Exported as `allocate`: the VM calls it to place arguments and host results in our memory. */
export function allocate(size: u32): u32 {
  return <u32>allocateRegion(<usize>size);
}

/** Exported as `deallocate`: the VM calls it on every Region we return. */
export function deallocate(pointer: u32): void {
  freeRegion(<usize>pointer);
}
