import { createHopView } from '../engine/adjacency-lists.ts';
import type { TrustProjection } from '../engine/projection.ts';
import { runSteps, SNAPSHOT_CHUNK, type Steps } from './steps.ts';

/**
 * A frozen copy of the usable person-to-person hops (the ones intro paths may take, in both
 * directions), for whole-graph passes that must not see the projection change half-way and that
 * run faster over two flat arrays than through per-person lookups.
 */
export interface HopGraph {
  readonly slots: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** 1 for a live person who may be inside a path (not opted out). */
  readonly passable: Uint8Array;
  /** 1 for a live person. */
  readonly live: Uint8Array;
}

/** Copies the usable hops of every person in one piece. O(people + hops). */
export function buildHopGraph(projection: TrustProjection): HopGraph {
  return runSteps(hopGraphSteps(projection));
}

/** `buildHopGraph`, yielding after every `chunk` people of each of its two passes. */
export function* hopGraphSteps(
  projection: TrustProjection,
  chunk = SNAPSHOT_CHUNK,
): Steps<HopGraph> {
  const slots = projection.personSlots;
  const view = createHopView();
  const offsets = new Int32Array(slots + 1);
  const live = new Uint8Array(slots);
  const passable = new Uint8Array(slots);
  for (let person = 0; person < slots; person++) {
    const isLive = !projection.isDeleted(person);
    live[person] = isLive ? 1 : 0;
    passable[person] = isLive && !projection.isOptedOut(person) ? 1 : 0;
    projection.loadHops(person, view);
    offsets[person + 1] = (offsets[person] ?? 0) + (isLive ? view.end - view.start : 0);
    if (person % chunk === chunk - 1) {
      yield;
    }
  }

  const targets = new Int32Array(offsets[slots] ?? 0);
  for (let person = 0; person < slots; person++) {
    if (live[person] === 1) {
      projection.loadHops(person, view);
      targets.set(view.targets.subarray(view.start, view.end), offsets[person] ?? 0);
    }

    if (person % chunk === chunk - 1) {
      yield;
    }
  }

  return { slots, offsets, targets, passable, live };
}
