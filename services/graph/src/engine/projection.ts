import type { BusinessRole } from '../domain/business.ts';
import { InvalidArgumentError, NodeNotFoundError, PersonNotFoundError } from '../domain/errors.ts';
import type { GraphChange } from '../domain/graph-change.ts';
import type { HopDirection, HopKind, NodeKind } from '../domain/intro-path.ts';
import type { TrustContext } from '../domain/trust.ts';
import { defaultWarmthModel, type WarmthModel } from '../domain/warmth.ts';
import {
  emptyHopList,
  emptyTieList,
  findHop,
  findTie,
  type HopList,
  type HopView,
  listBytes,
  type TieList,
  withHop,
  withTie,
} from './adjacency-lists.ts';
import { BusinessLinks, type FinalHops } from './business-links.ts';
import { buildCsr, type Csr, TieBuffer } from './csr-build.ts';
import { ProjectionLoader, type ProjectionWriter } from './projection-loader.ts';
import {
  finalHopKinds,
  hopContext,
  hopDirection,
  KIND_OWNS,
  KIND_TRUSTS,
  KIND_WORKS_AT,
  packTieFlags,
  type ScoredHop,
  scoreFinalHop,
  scoreStoredHop,
  type StoredTie,
  tieContext,
} from './hop-scoring.ts';
import { computeChecksum } from './projection-checksum.ts';
import {
  type BuildProjectionOptions,
  type ColumnarProjectionSource,
  isColumnarSource,
  type NetworkRecords,
  type ProjectionOptions,
  type ProjectionSource,
} from './projection-source.ts';

const OPTED_OUT = 1;
const DELETED = 2;

/** A hop as hydrated into an answer: everything but the ids. */
export interface HopDetail {
  readonly kind: HopKind;
  readonly strength: number;
  readonly direction: HopDirection;
  readonly context: TrustContext | null;
  readonly lastInteractionAtMs: number | null;
}

/**
 * The in-memory trust graph the engine searches: people and businesses as dense indices, usable
 * person-to-person hops in CSR (both directions, strongest first, float32 strengths), per-business
 * final hops, and the raw directed ties needed to rescore a pair when one direction changes.
 *
 * The CSR is immutable between compactions; `apply` writes copy-on-write per-person overlay lists
 * (O(degree) per change) that every read consults first, and `compact` folds them back.
 */
export class TrustProjection {
  /** The graph version this projection reflects; `apply` sets it to the change's version. */
  version = 0;
  /**
   * Moves on whenever who may vouch for a business changes: a role or a trust tie into a business,
   * a person's opt-out, or the deletion of a linked person.
   */
  vouchersRevision = 0;
  readonly nowMs: number;
  readonly model: WarmthModel;

  private personIds: string[] = [];
  private readonly personIndexById = new Map<string, number>();
  private personState = new Uint8Array(1024);
  /** Ties into each person, so deleting one keeps `counts().ties` exact without an in-index. */
  private incomingTies = new Int32Array(1024);
  private personTieCount = 0;
  private personCount = 0;
  private liveCount = 0;

  private readonly businessIds: string[] = [];
  private readonly businessIndexById = new Map<string, number>();
  private readonly businessLinks: BusinessLinks[] = [];

  private baseCount = 0;
  private csr: Csr = emptyCsr();
  private readonly tieOverrides = new Map<number, TieList>();
  private readonly hopOverrides = new Map<number, HopList>();
  /** Bit 1: hop override, bit 2: tie override; spares a map lookup for untouched people. */
  private overridden = new Uint8Array(1024);

  private readonly scored: ScoredHop = { strength: 0, flags: 0, mirrorFlags: 0 };

  private constructor(options: ProjectionOptions) {
    this.nowMs = options.nowMs;
    this.model = options.model ?? defaultWarmthModel;
  }

  /**
   * Loads a projection from storage in batches, columnar ones when the source offers them. Ties
   * and roles naming unknown nodes, self-ties and person-to-business ties from unknown people are
   * skipped and counted in the progress.
   */
  static async build(
    source: ProjectionSource | ColumnarProjectionSource,
    options: BuildProjectionOptions,
  ): Promise<TrustProjection> {
    const projection = new TrustProjection(options);
    const loader = new ProjectionLoader(projection.createWriter(), options.onProgress);
    if (isColumnarSource(source)) {
      await loadColumns(loader, source);
      loader.finish();

      return projection;
    }

    for await (const batch of source.people()) {
      loader.addPeople(batch);
    }

    for await (const batch of source.businesses()) {
      loader.addBusinesses(batch);
    }

    for await (const batch of source.ties()) {
      loader.addTies(batch);
    }

    for await (const batch of source.roles()) {
      loader.addRoles(batch);
    }

    loader.finish();

    return projection;
  }

  /** Loads a projection from records in memory (seed networks, tests). */
  static fromNetwork(network: NetworkRecords, options: ProjectionOptions): TrustProjection {
    const projection = new TrustProjection(options);
    const loader = new ProjectionLoader(projection.createWriter(), undefined);
    loader.addPeople(
      network.people.map((person) => ({ id: person.id, optedOut: person.optedOut ?? false })),
    );
    loader.addBusinesses(network.businesses);
    loader.addTies(
      network.trust.map((tie) => ({
        fromId: tie.fromId,
        toId: tie.toId,
        strength: tie.strength,
        distrust: tie.distrust ?? false,
        context: tie.context,
        lastInteractionAtMs: tie.lastInteractionAt ?? tie.since ?? options.nowMs,
      })),
    );
    loader.addRoles(network.roles);

    loader.finish();

    return projection;
  }

  /** Number of person indices in use, deleted ones included; search scratch is sized by it. */
  get personSlots(): number {
    return this.personCount;
  }

  get livePersonCount(): number {
    return this.liveCount;
  }

  get businessCount(): number {
    return this.businessIds.length;
  }

  /** Live people, businesses and trust ties (distrust included), as Neo4j would count them. */
  counts(): { people: number; businesses: number; ties: number } {
    let ties = this.personTieCount;
    for (const links of this.businessLinks) {
      ties += links.tieCount;
    }

    return { people: this.liveCount, businesses: this.businessIds.length, ties };
  }

  /** People whose lists live in the overlay; compact when it grows large. */
  get overlaySize(): number {
    return Math.max(this.hopOverrides.size, this.tieOverrides.size);
  }

  /** The dense index of a person, or -1. */
  personIndex(id: string): number {
    return this.personIndexById.get(id) ?? -1;
  }

  /** The dense index of a business, or -1. */
  businessIndex(id: string): number {
    return this.businessIndexById.get(id) ?? -1;
  }

  personId(person: number): string {
    return this.personIds[person] ?? '';
  }

  businessId(business: number): string {
    return this.businessIds[business] ?? '';
  }

  isOptedOut(person: number): boolean {
    return ((this.personState[person] ?? 0) & OPTED_OUT) !== 0;
  }

  isDeleted(person: number): boolean {
    return ((this.personState[person] ?? 0) & DELETED) !== 0;
  }

  /** A person's usable hops, strongest first (a slice of shared arrays: read start..end only). */
  hopsOf(person: number): HopList {
    if (((this.overridden[person] ?? 0) & 1) !== 0) {
      return this.hopOverrides.get(person) ?? emptyHopList;
    }

    if (person >= this.baseCount) {
      return emptyHopList;
    }

    const csr = this.csr;

    return {
      targets: csr.hopTargets,
      strengths: csr.hopStrengths,
      flags: csr.hopFlags,
      start: csr.hopOffsets[person] ?? 0,
      end: csr.hopOffsets[person + 1] ?? 0,
    };
  }

  /** Points `view` at a person's usable hops, strongest first, without allocating. */
  loadHops(person: number, view: HopView): HopView {
    const list =
      ((this.overridden[person] ?? 0) & 1) !== 0 || person >= this.baseCount
        ? this.hopsOf(person)
        : null;
    if (list) {
      view.targets = list.targets;
      view.strengths = list.strengths;
      view.flags = list.flags;
      view.start = list.start;
      view.end = list.end;

      return view;
    }

    const csr = this.csr;
    view.targets = csr.hopTargets;
    view.strengths = csr.hopStrengths;
    view.flags = csr.hopFlags;
    view.start = csr.hopOffsets[person] ?? 0;
    view.end = csr.hopOffsets[person + 1] ?? 0;

    return view;
  }

  /** A person's outgoing ties to people, sorted by target. */
  tiesOf(person: number): TieList {
    if (((this.overridden[person] ?? 0) & 2) !== 0) {
      return this.tieOverrides.get(person) ?? emptyTieList;
    }

    if (person >= this.baseCount) {
      return emptyTieList;
    }

    const csr = this.csr;

    return {
      targets: csr.tieTargets,
      strengths: csr.tieStrengths,
      times: csr.tieTimes,
      flags: csr.tieFlags,
      start: csr.tieOffsets[person] ?? 0,
      end: csr.tieOffsets[person + 1] ?? 0,
    };
  }

  /** The directed tie from one person to another, if any. */
  tieOf(from: number, to: number): StoredTie | undefined {
    const list = this.tiesOf(from);
    const slot = findTie(list, to);
    if (slot < 0) {
      return undefined;
    }

    return {
      strength: list.strengths[slot] ?? 0,
      flags: list.flags[slot] ?? 0,
      lastInteractionAtMs: list.times[slot] ?? 0,
    };
  }

  /** Usable final hops into a business, strongest first. */
  finalHopsOf(business: number): FinalHops {
    const links = this.businessLinks[business] ?? new BusinessLinks();

    return links.finalHops(this.nowMs, this.model);
  }

  /** The hop between two people as an answer shows it, or null when it is not usable. */
  describeHop(from: number, to: number): HopDetail | null {
    const list = this.hopsOf(from);
    const slot = findHop(list, to);
    if (slot < 0) {
      return null;
    }

    const flags = list.flags[slot] ?? 0;
    const forward = this.tieOf(from, to);
    const backward = this.tieOf(to, from);

    return {
      kind: 'TRUSTS',
      strength: list.strengths[slot] ?? 0,
      direction: hopDirection(flags),
      context: hopContext(flags),
      lastInteractionAtMs: Math.max(
        forward?.lastInteractionAtMs ?? -Infinity,
        backward?.lastInteractionAtMs ?? -Infinity,
      ),
    };
  }

  /** The final hop from a person into a business, or null when none applies. */
  describeFinalHop(person: number, business: number): HopDetail | null {
    const links = this.businessLinks[business];
    const tie = links?.tieOf(person);
    const out = { strength: 0 };
    const kind = scoreFinalHop(links?.roleBitsOf(person) ?? 0, tie, this.nowMs, this.model, out);
    if (kind < 0 || !(out.strength > 0)) {
      return null;
    }

    const isTrust = kind === KIND_TRUSTS;

    return {
      kind: finalHopKinds[kind] ?? 'TRUSTS',
      strength: out.strength,
      direction: 'FORWARD',
      context: isTrust && tie ? tieContext(tie.flags) : null,
      lastInteractionAtMs: isTrust && tie ? tie.lastInteractionAtMs : null,
    };
  }

  /**
   * Applies one committed change in O(degree of the people it touches). GRAPH_RELOADED cannot be
   * applied (the caller rebuilds) and throws InvalidArgumentError. A trust or role change naming
   * an unknown person throws PersonNotFoundError, an unknown target NodeNotFoundError; removals of
   * unknown ties or people are no-ops.
   */
  apply(change: GraphChange): void {
    switch (change.type) {
      case 'PERSON_UPSERTED':
        this.upsertPerson(change.personId, change.optedOut);
        break;
      case 'BUSINESS_UPSERTED':
        this.upsertBusiness(change.businessId);
        break;
      case 'TRUST_SET':
        this.setTrust(change.fromId, change.toId, change.toKind, {
          strength: Math.fround(change.strength),
          flags: packTieFlags(change.distrust, change.context),
          lastInteractionAtMs: change.lastInteractionAtMs,
        });
        break;
      case 'TRUST_REMOVED':
        this.removeTrust(change.fromId, change.toId);
        break;
      case 'ROLE_SET':
      case 'ROLE_REMOVED':
        this.setRole(change.personId, change.businessId, change.role, change.type === 'ROLE_SET');
        break;
      case 'PERSON_DELETED':
        this.deletePerson(change.personId);
        break;
      case 'GRAPH_RELOADED':
        throw new InvalidArgumentError('change', 'GRAPH_RELOADED needs a rebuilt projection');
    }

    this.version = change.version;
  }

  /**
   * Folds the overlay into fresh CSR arrays, O(graph). Ties to deleted people are dropped here;
   * deleted people keep their (empty) index so indices held elsewhere stay valid.
   */
  compact(): void {
    const buffer = new TieBuffer();
    for (let person = 0; person < this.personCount; person++) {
      const list = this.tiesOf(person);
      for (let slot = list.start; slot < list.end; slot++) {
        const target = list.targets[slot] ?? 0;
        if (!this.isDeleted(target) && !this.isDeleted(person)) {
          buffer.push(
            person,
            target,
            list.strengths[slot] ?? 0,
            list.times[slot] ?? 0,
            list.flags[slot] ?? 0,
          );
        }
      }
    }

    this.installCsr(buffer);
    this.tieOverrides.clear();
    this.hopOverrides.clear();
    this.overridden.fill(0);
  }

  /**
   * Bytes held: every typed array's byteLength, overlay lists, and an estimate for id strings,
   * id maps and business links (V8 does not expose their exact size).
   */
  memoryBytes(): number {
    const csr = this.csr;
    const arrays: readonly ArrayBufferView[] = Object.values(csr);
    let bytes = arrays.reduce((sum, array) => sum + array.byteLength, 0);
    bytes +=
      this.personState.byteLength + this.overridden.byteLength + this.incomingTies.byteLength;
    for (const list of this.hopOverrides.values()) {
      bytes += listBytes(list);
    }

    for (const list of this.tieOverrides.values()) {
      bytes += listBytes(list);
    }

    bytes += estimateIdBytes(this.personIds) + estimateIdBytes(this.businessIds);
    for (const links of this.businessLinks) {
      bytes += links.memoryBytes();
    }

    return bytes;
  }

  /**
   * An order-independent hash over live people (id, opted out), businesses, usable hops (ids,
   * float32 strength, direction and context) and final hops, equal for two projections of the
   * same graph however they were built or updated. O(graph).
   */
  checksum(): string {
    return computeChecksum(this);
  }

  private upsertPerson(id: string, optedOut: boolean): void {
    let person = this.personIndex(id);
    if (person < 0) {
      person = this.addPerson(id);
    }

    const state = optedOut ? OPTED_OUT : 0;
    if (this.personState[person] !== state) {
      this.personState[person] = state;
      this.vouchersRevision++;
    }
  }

  /** Appends a person; their lists live in the overlay until the next compaction. */
  private addPerson(id: string): number {
    if (this.personCount === this.personState.length) {
      this.personState = grow(this.personState);
      this.overridden = grow(this.overridden);
      const incoming = new Int32Array(this.incomingTies.length * 2);
      incoming.set(this.incomingTies);
      this.incomingTies = incoming;
    }

    const person = this.personCount++;
    this.personIds[person] = id;
    this.personIndexById.set(id, person);
    this.liveCount++;

    return person;
  }

  private upsertBusiness(id: string): number {
    const existing = this.businessIndex(id);
    if (existing >= 0) {
      return existing;
    }

    const business = this.businessIds.length;
    this.businessIds.push(id);
    this.businessIndexById.set(id, business);
    this.businessLinks.push(new BusinessLinks());

    return business;
  }

  private setTrust(
    fromId: string,
    toId: string,
    toKind: NodeKind | undefined,
    tie: StoredTie | undefined,
  ): void {
    const from = this.personIndex(fromId);
    if (from < 0) {
      if (tie === undefined) {
        return;
      }

      throw new PersonNotFoundError(fromId);
    }

    const to = toKind === 'BUSINESS' ? -1 : this.personIndex(toId);
    if (to >= 0) {
      if (to !== from) {
        this.setPersonTie(from, to, tie);
      }

      return;
    }

    const business = this.businessIndex(toId);
    if (business >= 0) {
      this.linkBusiness(business).setTie(from, tie);
      return;
    }

    if (tie !== undefined) {
      throw new NodeNotFoundError(toId);
    }
  }

  private removeTrust(fromId: string, toId: string): void {
    this.setTrust(fromId, toId, undefined, undefined);
  }

  private setRole(personId: string, businessId: string, role: BusinessRole, on: boolean): void {
    const person = this.personIndex(personId);
    const business = this.businessIndex(businessId);
    if (on && person < 0) {
      throw new PersonNotFoundError(personId);
    }

    if (on && business < 0) {
      throw new NodeNotFoundError(businessId);
    }

    if (person >= 0 && business >= 0) {
      this.linkBusiness(business).setRole(person, role === 'OWNS' ? KIND_OWNS : KIND_WORKS_AT, on);
    }
  }

  private linkBusiness(business: number): BusinessLinks {
    this.vouchersRevision++;

    return this.businessLinks[business] as BusinessLinks;
  }

  /** Writes one directed tie (or removes it) and rescores the pair in both people's lists. */
  private setPersonTie(from: number, to: number, tie: StoredTie | undefined): void {
    const ties = this.tiesOf(from);
    const existed = findTie(ties, to) >= 0;
    if (tie === undefined && !existed) {
      return;
    }

    const added = (tie === undefined ? 0 : 1) - (existed ? 1 : 0);
    this.personTieCount += added;
    this.incomingTies[to] = (this.incomingTies[to] ?? 0) + added;
    this.overrideTies(from, withTie(ties, to, tie));
    this.rescorePair(from, to);
  }

  private rescorePair(from: number, to: number): void {
    const hop = scoreStoredHop(
      this.tieOf(from, to),
      this.tieOf(to, from),
      this.nowMs,
      this.model,
      this.scored,
    );
    this.setHop(from, to, hop.strength, hop.flags);
    this.setHop(to, from, hop.strength, hop.mirrorFlags);
  }

  private setHop(owner: number, neighbour: number, strength: number, flags: number): void {
    const list = this.hopsOf(owner);
    const slot = findHop(list, neighbour);
    if (slot < 0 && !(strength > 0)) {
      return;
    }

    if (slot >= 0 && list.strengths[slot] === strength && list.flags[slot] === flags) {
      return;
    }

    this.overrideHops(owner, withHop(list, neighbour, strength, flags));
  }

  private overrideTies(person: number, list: TieList): void {
    this.tieOverrides.set(person, list);
    this.overridden[person] = (this.overridden[person] ?? 0) | 2;
  }

  private overrideHops(person: number, list: HopList): void {
    this.hopOverrides.set(person, list);
    this.overridden[person] = (this.overridden[person] ?? 0) | 1;
  }

  /**
   * Removes a person from every hop list, business and id map at once, with their ties and
   * their hop neighbours' ties to them.
   *
   * Limitation: a tie into the person from someone without a usable hop to them (distrust) stays
   * in that someone's tie list, keyed by the dead index and never read again, until `compact`;
   * finding it sooner needs an incoming-tie index, about 4 more bytes per tie.
   */
  private deletePerson(id: string): void {
    const person = this.personIndex(id);
    if (person < 0) {
      return;
    }

    const hops = this.hopsOf(person);
    for (let slot = hops.start; slot < hops.end; slot++) {
      const neighbour = hops.targets[slot] ?? 0;
      this.setHop(neighbour, person, 0, 0);
      const theirTies = this.tiesOf(neighbour);
      if (findTie(theirTies, person) >= 0) {
        this.overrideTies(neighbour, withTie(theirTies, person, undefined));
      }
    }

    this.personTieCount -= this.incomingTies[person] ?? 0;
    this.incomingTies[person] = 0;
    const ownTies = this.tiesOf(person);
    for (let slot = ownTies.start; slot < ownTies.end; slot++) {
      const target = ownTies.targets[slot] ?? 0;
      if (!this.isDeleted(target)) {
        this.personTieCount--;
        this.incomingTies[target] = (this.incomingTies[target] ?? 0) - 1;
      }
    }

    // No index from people to their businesses (it would cost more memory than the links):
    // a deletion, which is rare, looks in every business, O(businesses + links).
    for (const links of this.businessLinks) {
      if (links.removePerson(person)) {
        this.vouchersRevision++;
      }
    }

    this.overrideHops(person, emptyHopList);
    this.overrideTies(person, emptyTieList);
    this.personIndexById.delete(id);
    this.personIds[person] = '';
    this.personState[person] = DELETED;
    this.liveCount--;
  }

  /** Builds fresh CSR from every tie in `buffer` and recounts ties. */
  private installCsr(buffer: TieBuffer): void {
    this.csr = buildCsr(this.personCount, buffer, this.nowMs, this.model);
    this.baseCount = this.personCount;
    this.personTieCount = this.csr.tieTargets.length;
    this.incomingTies.fill(0);
    for (const target of this.csr.tieTargets) {
      this.incomingTies[target] = (this.incomingTies[target] ?? 0) + 1;
    }
  }

  /** The narrow write access a loader needs while the projection is being built. */
  private createWriter(): ProjectionWriter {
    return {
      personIndex: (id) => this.personIndex(id),
      businessIndex: (id) => this.businessIndex(id),
      addPerson: (id, optedOut) => {
        const person = this.addPerson(id);
        this.personState[person] = optedOut ? OPTED_OUT : 0;
      },
      upsertBusiness: (id) => this.upsertBusiness(id),
      linkBusiness: (business) => this.linkBusiness(business),
      install: (buffer) => this.installCsr(buffer),
    };
  }
}

async function loadColumns(
  loader: ProjectionLoader,
  source: ColumnarProjectionSource,
): Promise<void> {
  for await (const batch of source.personColumns()) {
    loader.addPersonColumns(batch);
  }

  for await (const batch of source.businessColumns()) {
    loader.addBusinessColumns(batch);
  }

  for await (const batch of source.tieColumns()) {
    loader.addTieColumns(batch);
  }

  for await (const batch of source.roleColumns()) {
    loader.addRoleColumns(batch);
  }
}

function emptyCsr(): Csr {
  return {
    tieOffsets: new Int32Array(1),
    tieTargets: new Int32Array(0),
    tieStrengths: new Float32Array(0),
    tieTimes: new Float64Array(0),
    tieFlags: new Uint8Array(0),
    hopOffsets: new Int32Array(1),
    hopTargets: new Int32Array(0),
    hopStrengths: new Float32Array(0),
    hopFlags: new Uint8Array(0),
  };
}

function grow(array: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(array.length * 2);
  next.set(array);

  return next;
}

/**
 * V8 keeps a short one-byte string in about 16 bytes plus its characters, an array slot in 8,
 * and a Map entry in about 40 once its hash table's spare room is counted.
 */
function estimateIdBytes(ids: readonly string[]): number {
  let bytes = 0;
  for (const id of ids) {
    bytes += 16 + Math.ceil(id.length / 8) * 8 + 8 + 40;
  }

  return bytes;
}
