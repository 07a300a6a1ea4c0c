import { LRUCache } from 'lru-cache';
import type { Driver } from 'neo4j-driver';
import type { Log } from './log.ts';
import type { Business } from './domain/business.ts';
import {
  HopLimitExceededError,
  InvalidArgumentError,
  PersonNotFoundError,
} from './domain/errors.ts';
import { assertValidId } from './domain/ids.ts';
import { pathNodeIds, type IntroPath } from './domain/intro-path.ts';
import type { Person } from './domain/person.ts';
import type { WarmthModel } from './domain/warmth.ts';
import { TrustProjection } from './engine/projection.ts';
import type { LiveProjection } from './live-projection.ts';
import { BestWarmthSearch, MAX_SEARCH_HOPS } from './scores/best-warmth.ts';
import { scoreBusinesses, type BusinessTrust } from './scores/business-scores.ts';
import { computePersonScores, type PersonScores } from './scores/compute-scores.ts';
import { decodeCursor, encodeCursor } from './scores/cursors.ts';
import {
  creditReferrers,
  leadSources,
  summariseLeads,
  summariseLeadsBySource,
  valueCustomers,
  type CustomerValue,
  type LeadStats,
  type ReferrerCredit,
} from './scores/referral-credit.ts';
import {
  explainVoucher,
  MAX_VOUCHERS_SHOWN,
  VouchTally,
  type VouchKey,
} from './scores/trusted-businesses.ts';
import { VoucherIndex } from './scores/voucher-index.ts';
import { Neo4jProjectionSource } from './storage/neo4j-projection-source.ts';
import { readTransaction, type TransactionOptions } from './storage/neo4j-values.ts';
import { readNodeSummaries, type NodeSummary } from './storage/node-summaries.ts';
import { readBusinessReferralRecords } from './storage/referral-analytics.ts';
import {
  createScopedProjectionSource,
  findMatchingBusinesses,
  findTopInfluencers,
  readBusinessInfluence,
  readPersonInfluence,
  readScoresComputedAt,
  streamBusinessTrust,
  writeBusinessScores,
  writePersonScores,
  writeScoresComputedAt,
  type BusinessFilter,
  type BusinessInfluence,
  type PersonInfluence,
  type ScoreScope,
} from './storage/score-store.ts';
import { readBusinesses } from './storage/business-store.ts';
import { PersonStore } from './storage/person-store.ts';

export type { BusinessInfluence, PersonInfluence } from './storage/score-store.ts';

export interface ScoresServiceOptions {
  /** How often the API recomputes the scores; 0 turns the schedule off. */
  readonly intervalMs: number;
  readonly model: WarmthModel;
  readonly transaction: TransactionOptions;
  /** Timeout of each write-back batch, longer than a request's. Default 120 s. */
  readonly writeTimeoutMs?: number;
  /** People or businesses per write-back transaction. Default 5,000. */
  readonly writeBatchSize?: number;
  /** HyperLogLog register bits for reach3. */
  readonly precision?: number;
  readonly now?: () => number;
}

export interface ScoresRunOptions {
  /** Score only the nodes whose ids start with this prefix, from a projection of just them. */
  readonly scope?: ScoreScope;
  /** Score this projection (e.g. one built by the caller) instead of the live one. */
  readonly projection?: TrustProjection;
}

export interface ScoresRunSummary {
  readonly people: number;
  readonly businesses: number;
  readonly ties: number;
  readonly graphVersion: number;
  readonly computedAt: Date;
  readonly pageRankIterations: number;
  readonly pageRankLastChange: number;
  readonly reach3StandardError: number;
  readonly timingsMs: Readonly<Record<string, number>>;
}

export interface TrustedBusinessesRequest {
  readonly viewerId: string;
  readonly category?: string | null;
  readonly city?: string | null;
  readonly near?: { readonly lat: number; readonly lon: number; readonly radiusKm: number } | null;
  /** 1..MAX_SEARCH_HOPS. Default 3. */
  readonly maxHops?: number;
  /** 1..50. Default 10. */
  readonly first?: number;
  readonly after?: string | null;
  /** Voucher paths explained per business, 1..5. Default 3. */
  readonly pathsPerBusiness?: number;
}

export interface TrustedBusinessEdge {
  readonly cursor: string;
  readonly business: Business;
  /** Kilometres from `near`, or null without it. */
  readonly distanceKm: number | null;
  /** 1 − Π(1 − pathWarmth × trust) over the vouchers. */
  readonly vouching: number;
  readonly voucherCount: number;
  /** The warmest voucher paths, warmest first. */
  readonly paths: readonly IntroPath[];
}

export interface TrustedBusinessesAnswer {
  readonly edges: readonly TrustedBusinessEdge[];
  readonly hasNextPage: boolean;
  /** Businesses vouched for in all, across every page. */
  readonly totalCount: number;
  readonly graphVersion: number;
  readonly computedAt: Date;
  readonly nodes: ReadonlyMap<string, NodeSummary>;
}

export interface InfluencerEdge {
  readonly cursor: string;
  readonly person: Person;
  readonly pageRank: number;
}

export interface InfluencerPage {
  readonly edges: readonly InfluencerEdge[];
  readonly hasNextPage: boolean;
}

export interface ReferralAnalytics {
  readonly businessId: string;
  readonly computedAt: Date;
  readonly topReferrers: readonly (ReferrerCredit & { readonly person: Person })[];
  readonly leadSources: readonly { readonly source: string; readonly stats: LeadStats }[];
  readonly referred: LeadStats;
  readonly other: LeadStats;
  readonly topCustomers: readonly (CustomerValue & { readonly person: Person })[];
}

const PAGE_LIMIT = 50;
const DEFAULT_WRITE_TIMEOUT_MS = 120_000;
const DEFAULT_WRITE_BATCH = 5_000;
const TRUSTED_TAG = 'tb';
const INFLUENCER_TAG = 'ti';

/**
 * Influence scores, "businesses my network trusts" and referral analytics. Scores are computed
 * over a projection (the live one inside the API, or one built for the job), written back to
 * Neo4j, and recomputed on a schedule; the other answers are computed per request.
 */
export class ScoresService {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ScoresRunSummary | null> | null = null;
  private readonly search = new BestWarmthSearch();
  private readonly tally = new VouchTally();
  private vouchers: VoucherIndex | null = null;
  private readonly matchingCache = new LRUCache<string, MatchingBusinesses>({ max: 64 });
  private starting: Promise<void> | null = null;

  constructor(
    private readonly driver: Driver,
    private readonly live: LiveProjection,
    private readonly log: Log,
    private readonly options: ScoresServiceOptions,
  ) {}

  /** Starts the schedule (when intervalMs > 0); the first run comes one interval after start. */
  start(): void {
    if (this.options.intervalMs <= 0) {
      return;
    }

    this.timer = setInterval(() => void this.runScheduled(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * One scheduled run, skipped while another runs here or when another process finished one
   * less than 90% of an interval ago. Failures are logged, never thrown.
   */
  async runScheduled(): Promise<ScoresRunSummary | null> {
    if (this.running) {
      return null;
    }

    this.running = this.runIfDue().finally(() => {
      this.running = null;
    });

    return this.running;
  }

  /**
   * Computes every score over the live projection (or the given one, or a projection of one id
   * prefix), writes them back to Neo4j with `computedAt`, and returns a summary.
   */
  async computeAndStore(options: ScoresRunOptions = {}): Promise<ScoresRunSummary> {
    const startedMs = performance.now();
    const projection = await this.projectionFor(options);
    const buildMs = performance.now() - startedMs;
    const nowMs = this.now();
    // Every step pauses between chunks, so requests keep flowing; the snapshots start again when
    // the projection changes under them, so every score still sees one projection version.
    const scores = await computePersonScores(projection, {
      precision: this.options.precision,
      pause: () => new Promise((resolve) => setImmediate(resolve)),
    });
    const graphVersion = scores.version;

    let stepMs = performance.now();
    const businessRows = await this.scoreBusinessesOf(projection, scores, options.scope);
    const businessMs = performance.now() - stepMs;

    stepMs = performance.now();
    const people = await writePersonScores(
      this.driver,
      personRows(projection, scores),
      nowMs,
      this.writeOptions(),
    );
    const businesses = await writeBusinessScores(
      this.driver,
      businessRows,
      nowMs,
      this.writeOptions(),
    );
    const writeMs = performance.now() - stepMs;
    const totalMs = performance.now() - startedMs;
    if (!options.scope) {
      await writeScoresComputedAt(
        this.driver,
        { computedAtMs: nowMs, graphVersion, people, durationMs: Math.round(totalMs) },
        this.options.transaction,
      );
    }

    const summary: ScoresRunSummary = {
      people,
      businesses,
      ties: scores.pageRank.ties,
      graphVersion,
      computedAt: new Date(nowMs),
      pageRankIterations: scores.pageRank.iterations,
      pageRankLastChange: scores.pageRank.lastChange,
      reach3StandardError: 1.04 / Math.sqrt(2 ** scores.precision),
      timingsMs: roundAll({
        build: buildMs,
        ...scores.timingsMs,
        businesses: businessMs,
        write: writeMs,
        total: totalMs,
      }),
    };
    this.log.info(
      { people, businesses, ties: summary.ties, graphVersion, ...summary.timingsMs },
      'scores computed',
    );

    return summary;
  }

  /** Stored scores and live counts per person id; unknown ids are absent. */
  async personInfluence(ids: readonly string[]): Promise<Map<string, PersonInfluence>> {
    return readPersonInfluence(this.driver, ids, this.options.transaction);
  }

  /** Stored scores and live counts per business id; unknown ids are absent. */
  async businessInfluence(ids: readonly string[]): Promise<Map<string, BusinessInfluence>> {
    return readBusinessInfluence(this.driver, ids, this.options.transaction);
  }

  /** People by stored PageRank, highest first; see `findTopInfluencers` for the filter. */
  async topInfluencers(query: {
    category: string | null;
    city: string | null;
    first: number;
    after: string | null;
  }): Promise<InfluencerPage> {
    assertPageSize(query.first);
    const after = query.after
      ? decodeCursor('after', INFLUENCER_TAG, query.after, ['number', 'string'])
      : null;
    const rows = await findTopInfluencers(
      this.driver,
      {
        category: query.category,
        city: query.city,
        near: null,
        limit: query.first + 1,
        after: after ? { pageRank: after[0] as number, id: after[1] as string } : null,
      },
      this.options.transaction,
    );

    return {
      edges: rows.slice(0, query.first).map((row) => ({
        ...row,
        cursor: encodeCursor(INFLUENCER_TAG, [row.pageRank, row.person.id]),
      })),
      hasNextPage: rows.length > query.first,
    };
  }

  /**
   * Businesses trusted by people within `maxHops` of the viewer, ranked by how much the viewer's
   * network vouches for them (see VouchTally), with the warmest voucher paths.
   * Throws PersonNotFoundError for an unknown viewer, HopLimitExceededError outside 1..3 and
   * InvalidArgumentError for a bad page size, point or cursor.
   */
  async trustedBusinesses(
    request: TrustedBusinessesRequest,
    log: Log,
  ): Promise<TrustedBusinessesAnswer> {
    const query = validateTrustedBusinesses(request);
    const after = query.after
      ? decodeCursor('after', TRUSTED_TAG, query.after, ['number', 'number', 'string'])
      : null;
    const projection = await this.readyProjection();
    const viewer = projection.personIndex(query.viewerId);
    if (viewer < 0) {
      throw new PersonNotFoundError(query.viewerId);
    }

    const matching = await this.matchingBusinesses(projection, {
      category: query.category,
      city: query.city,
      near: query.near,
    });

    const startedMs = performance.now();
    const vouchers = this.voucherIndexOf(projection);
    this.search.search(projection, viewer, query.maxHops, vouchers.voucherBits);
    const candidates = matching?.mask ?? null;
    const ranked = this.tally.rank(projection, this.search, vouchers, viewer, {
      candidates,
      after: after ? (after as unknown as VouchKey) : null,
      first: query.first,
      vouchersPerBusiness: query.pathsPerBusiness,
    });
    const page = ranked.items;
    const keyOf = (item: (typeof page)[number]): VouchKey => [
      item.vouching,
      item.voucherCount,
      projection.businessId(item.business),
    ];
    const explained = page.map((item) => ({
      item,
      paths: item.topVouchers.map((voucher) =>
        explainVoucher(projection, this.search, item.business, voucher),
      ),
    }));
    log.debug(
      {
        reached: this.search.reachedCount,
        vouched: ranked.totalCount,
        durationMs: Math.round(performance.now() - startedMs),
      },
      'trusted businesses ranked',
    );

    const businessIds = page.map((item) => projection.businessId(item.business));
    const nodeIds = explained.flatMap(({ paths }) => paths.flatMap((path) => pathNodeIds(path)));
    // One transaction for both reads: a second one costs about a millisecond more here.
    const [businesses, nodes] = await readTransaction(
      this.driver,
      (tx) =>
        Promise.all([readBusinesses(tx, businessIds).then(byId), readNodeSummaries(tx, nodeIds)]),
      this.options.transaction,
    );
    const edges = explained.flatMap(({ item, paths }) => {
      const id = projection.businessId(item.business);
      const business = businesses.get(id);

      return business
        ? [
            {
              cursor: encodeCursor(TRUSTED_TAG, keyOf(item)),
              business,
              distanceKm: matching?.distanceKm.get(id) ?? null,
              vouching: item.vouching,
              voucherCount: item.voucherCount,
              paths,
            },
          ]
        : [];
    });

    return {
      edges,
      hasNextPage: ranked.hasNextPage,
      totalCount: ranked.totalCount,
      graphVersion: projection.version,
      computedAt: new Date(this.now()),
      nodes,
    };
  }

  /**
   * Referral analytics of one business: the top `first` referrers by chain credit, lead
   * conversion by source and referred versus other, and the top `first` customers by
   * network-adjusted value. Throws BusinessNotFoundError for an unknown business.
   */
  async referralAnalytics(businessId: string, first: number): Promise<ReferralAnalytics> {
    assertValidId('businessId', businessId);
    assertPageSize(first);
    const records = await readBusinessReferralRecords(
      this.driver,
      businessId,
      this.options.transaction,
    );
    const referrers = creditReferrers(records.referrals, first);
    const customers = valueCustomers(records.customers, records.referrals, first);
    const people = byId(
      await new PersonStore(this.driver, this.options.transaction).findPeople([
        ...referrers.map((r) => r.personId),
        ...customers.map((c) => c.personId),
      ]),
    );
    const withPerson = <T extends { personId: string }>(rows: readonly T[]) =>
      rows.flatMap((row) => {
        const person = people.get(row.personId);

        return person ? [{ ...row, person }] : [];
      });

    return {
      businessId,
      computedAt: new Date(this.now()),
      topReferrers: withPerson(referrers),
      leadSources: summariseLeadsBySource(records.leads, leadSources),
      referred: summariseLeads(records.leads.filter((lead) => lead.source === 'REFERRAL')),
      other: summariseLeads(records.leads.filter((lead) => lead.source !== 'REFERRAL')),
      topCustomers: withPerson(customers),
    };
  }

  private async runIfDue(): Promise<ScoresRunSummary | null> {
    try {
      const lastMs = await readScoresComputedAt(this.driver, this.options.transaction);
      if (lastMs !== null && this.now() - lastMs < this.options.intervalMs * 0.9) {
        this.log.debug({ ageMs: this.now() - lastMs }, 'scores are fresh, run skipped');

        return null;
      }

      return await this.computeAndStore();
    } catch (error) {
      this.log.warn({ err: error }, 'scheduled scores run failed');

      return null;
    }
  }

  private async projectionFor(options: ScoresRunOptions): Promise<TrustProjection> {
    if (options.projection) {
      return options.projection;
    }

    if (options.scope) {
      return TrustProjection.build(createScopedProjectionSource(this.driver, options.scope), {
        nowMs: this.now(),
        model: this.options.model,
      });
    }

    if (this.live.isReady) {
      return this.live.projection;
    }

    return TrustProjection.build(new Neo4jProjectionSource(this.driver), {
      nowMs: this.now(),
      model: this.options.model,
    });
  }

  /** The live projection, built on first use when the path strategy did not build it. */
  /**
   * The businesses a filter admits, as a mask over the projection's businesses and their
   * distances; null without a filter. Cached by projection and graph version, since a few filters
   * (a category, a city) serve most requests and matching reads every business in Neo4j.
   */
  private async matchingBusinesses(
    projection: TrustProjection,
    filter: BusinessFilter,
  ): Promise<MatchingBusinesses | null> {
    if (filter.category === null && filter.city === null && filter.near === null) {
      return null;
    }

    const key = JSON.stringify([projection.version, filter]);
    const cached = this.matchingCache.get(key);
    if (cached?.projection === projection) {
      return cached;
    }

    const distanceKm = await findMatchingBusinesses(this.driver, filter, this.options.transaction);
    const matching = { projection, distanceKm, mask: businessMask(projection, distanceKm.keys()) };
    this.matchingCache.set(key, matching);

    return matching;
  }

  /**
   * Who trusts which business, rebuilt when the projection is replaced or its business links
   * change (person-to-person writes leave it alone). O(final hops) to rebuild.
   */
  private voucherIndexOf(projection: TrustProjection): VoucherIndex {
    if (!this.vouchers?.isCurrentFor(projection)) {
      this.vouchers = VoucherIndex.build(projection);
    }

    return this.vouchers;
  }

  private async readyProjection(): Promise<TrustProjection> {
    if (!this.live.isReady) {
      this.starting ??= this.live.start();
      await this.starting;
    }

    return this.live.projection;
  }

  private async scoreBusinessesOf(
    projection: TrustProjection,
    scores: PersonScores,
    scope: ScoreScope | undefined,
  ): Promise<{ id: string; trustScore: number }[]> {
    const ties: BusinessTrust[] = [];
    for await (const batch of streamBusinessTrust(this.driver, scope ?? { idPrefix: '' })) {
      for (const tie of batch) {
        const person = projection.personIndex(tie.personId);
        if (person >= 0) {
          ties.push({ person, businessId: tie.businessId, strength: tie.strength });
        }
      }
    }

    const scored = scoreBusinesses(ties, scores.pageRank.ranks, scores.pageRank.people);
    const rows: { id: string; trustScore: number }[] = [];
    for (let business = 0; business < projection.businessCount; business++) {
      const id = projection.businessId(business);
      rows.push({ id, trustScore: scored.get(id)?.trustScore ?? 0 });
    }

    return rows;
  }

  private writeOptions(): TransactionOptions & { batchSize: number } {
    return {
      timeoutMs: this.options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS,
      batchSize: this.options.writeBatchSize ?? DEFAULT_WRITE_BATCH,
    };
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

function personRows(projection: TrustProjection, scores: PersonScores) {
  const rows: {
    id: string;
    pageRank: number;
    percentile: number;
    reach2: number;
    reach3: number;
  }[] = [];
  for (let person = 0; person < projection.personSlots; person++) {
    if (scores.live[person] === 1) {
      rows.push({
        id: projection.personId(person),
        pageRank: scores.pageRank.ranks[person] ?? 0,
        percentile: scores.percentiles[person] ?? 0,
        reach2: scores.reach2[person] ?? 0,
        reach3: scores.reach3[person] ?? 0,
      });
    }
  }

  return rows;
}

interface ValidTrustedBusinesses {
  readonly viewerId: string;
  readonly category: string | null;
  readonly city: string | null;
  readonly near: { lat: number; lon: number; radiusKm: number } | null;
  readonly maxHops: number;
  readonly first: number;
  readonly after: string | null;
  readonly pathsPerBusiness: number;
}

function validateTrustedBusinesses(request: TrustedBusinessesRequest): ValidTrustedBusinesses {
  const maxHops = request.maxHops ?? MAX_SEARCH_HOPS;
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > MAX_SEARCH_HOPS) {
    throw new HopLimitExceededError(maxHops, MAX_SEARCH_HOPS);
  }

  const first = request.first ?? 10;
  assertPageSize(first);
  const pathsPerBusiness = request.pathsPerBusiness ?? 3;
  if (
    !Number.isInteger(pathsPerBusiness) ||
    pathsPerBusiness < 1 ||
    pathsPerBusiness > MAX_VOUCHERS_SHOWN
  ) {
    throw new InvalidArgumentError(
      'paths',
      `must be between 1 and ${MAX_VOUCHERS_SHOWN}, got ${pathsPerBusiness}`,
    );
  }

  const near = request.near ?? null;
  if (near && !(near.lat >= -90 && near.lat <= 90)) {
    throw new InvalidArgumentError('near.lat', `must be between -90 and 90, got ${near.lat}`);
  }
  if (near && !(near.lon >= -180 && near.lon <= 180)) {
    throw new InvalidArgumentError('near.lon', `must be between -180 and 180, got ${near.lon}`);
  }
  if (near && !(near.radiusKm > 0 && near.radiusKm <= 20_000)) {
    throw new InvalidArgumentError('near.radiusKm', `must be in (0, 20000], got ${near.radiusKm}`);
  }

  return {
    viewerId: assertValidId('viewer', request.viewerId),
    category: request.category ?? null,
    city: request.city ?? null,
    near: near ? { lat: near.lat, lon: near.lon, radiusKm: near.radiusKm } : null,
    maxHops,
    first,
    after: request.after ?? null,
    pathsPerBusiness,
  };
}

function assertPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > PAGE_LIMIT) {
    throw new InvalidArgumentError('first', `must be between 1 and ${PAGE_LIMIT}, got ${first}`);
  }
}

/** Whether `key` sorts after the cursor in vouching-descending, count-descending, id order. */
interface MatchingBusinesses {
  readonly projection: TrustProjection;
  /** Kilometres from the filter's point, or null without one, by business id. */
  readonly distanceKm: ReadonlyMap<string, number | null>;
  readonly mask: Uint8Array;
}

/** A mask of the projection's businesses among `ids`; unknown ids are left out. */
function businessMask(projection: TrustProjection, ids: Iterable<string>): Uint8Array {
  const mask = new Uint8Array(projection.businessCount);
  for (const id of ids) {
    const business = projection.businessIndex(id);
    if (business >= 0) {
      mask[business] = 1;
    }
  }

  return mask;
}

function roundAll(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Math.round(value)]));
}

function byId<T extends { readonly id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}
