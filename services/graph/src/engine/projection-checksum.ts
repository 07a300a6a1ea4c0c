import type { TrustProjection } from './projection.ts';

/**
 * An order-independent 64-bit fingerprint: each element (person, hop slot, business, final hop)
 * is hashed on its own from ids and values, never indices, and the hashes are summed in two
 * independent 32-bit lanes, so two projections of the same graph agree however they were built.
 */
export function computeChecksum(projection: TrustProjection): string {
  const sums = new Uint32Array(2);
  const idHashes = new Uint32Array(projection.personSlots);
  const bits = new Uint32Array(1);
  const float = new Float32Array(bits.buffer);
  const add = (h: number): void => {
    sums[0] = (sums[0] ?? 0) + mix(h, 0x9e3779b9);
    sums[1] = (sums[1] ?? 0) + mix(h, 0x85ebca6b);
  };

  for (let person = 0; person < projection.personSlots; person++) {
    if (!projection.isDeleted(person)) {
      idHashes[person] = hashString(projection.personId(person));
      add(combine(idHashes[person] ?? 0, projection.isOptedOut(person) ? 1 : 2, 0, 0));
    }
  }

  for (let person = 0; person < projection.personSlots; person++) {
    const hops = projection.hopsOf(person);
    for (let slot = hops.start; slot < hops.end; slot++) {
      float[0] = hops.strengths[slot] ?? 0;
      const neighbourHash = idHashes[hops.targets[slot] ?? 0] ?? 0;
      add(
        combine(idHashes[person] ?? 0, neighbourHash, bits[0] ?? 0, 16 + (hops.flags[slot] ?? 0)),
      );
    }
  }

  for (let business = 0; business < projection.businessCount; business++) {
    const businessHash = hashString(projection.businessId(business));
    add(combine(businessHash, 3, 0, 0));
    const finalHops = projection.finalHopsOf(business);
    for (let i = 0; i < finalHops.persons.length; i++) {
      float[0] = finalHops.strengths[i] ?? 0;
      const personHash = idHashes[finalHops.persons[i] ?? 0] ?? 0;
      add(combine(businessHash, personHash, bits[0] ?? 0, 512 + (finalHops.kinds[i] ?? 0)));
    }
  }

  return hex(sums[0] ?? 0) + hex(sums[1] ?? 0);
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** FNV-1a over UTF-16 code units, finished with a murmur-style avalanche. */
function hashString(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  }

  return mix(h, 0);
}

function combine(a: number, b: number, c: number, d: number): number {
  let h = mix(a, 0x27d4eb2f);
  h = mix(h ^ b, 0x165667b1);
  h = mix(h ^ c, 0xd3a2646c);

  return mix(h ^ d, 0xfd7046c5);
}

function mix(value: number, seed: number): number {
  let h = (value ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);

  return (h ^ (h >>> 16)) >>> 0;
}
