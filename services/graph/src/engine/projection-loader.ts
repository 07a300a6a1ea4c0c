import type { BusinessRole } from '../domain/business.ts';
import type { BusinessLinks } from './business-links.ts';
import { TieBuffer } from './csr-build.ts';
import { KIND_OWNS, KIND_WORKS_AT, packTieFlagBits, packTieFlags } from './hop-scoring.ts';
import { NodeKeys } from './node-keys.ts';
import type {
  BuildProjectionOptions,
  BusinessColumns,
  PersonColumns,
  RoleColumns,
  TieColumns,
  TieRecord,
} from './projection-source.ts';

/** What a loader may do to a projection under construction. */
export interface ProjectionWriter {
  personIndex(id: string): number;
  businessIndex(id: string): number;
  addPerson(id: string, optedOut: boolean): void;
  upsertBusiness(id: string): number;
  linkBusiness(business: number): BusinessLinks;
  install(buffer: TieBuffer): void;
}

/**
 * Accumulates records for a projection. Person ties go to a columnar buffer sorted into CSR at
 * the end; business ties and roles go straight to the business links.
 */
export class ProjectionLoader {
  private readonly ties = new TieBuffer();
  private readonly progress = { people: 0, businesses: 0, ties: 0, roles: 0, skipped: 0 };
  private readonly keys = new NodeKeys();
  /** Businesses given links during the load, trimmed to size when it finishes. */
  private readonly linked = new Set<BusinessLinks>();

  constructor(
    private readonly projection: ProjectionWriter,
    private readonly onProgress: BuildProjectionOptions['onProgress'],
  ) {}

  addPeople(batch: readonly { id: string; optedOut: boolean }[]): void {
    for (const person of batch) {
      if (this.projection.personIndex(person.id) >= 0) {
        this.progress.skipped++;
        continue;
      }

      this.projection.addPerson(person.id, person.optedOut);
      this.progress.people++;
    }

    this.report();
  }

  addBusinesses(batch: readonly { id: string }[]): void {
    for (const business of batch) {
      this.projection.upsertBusiness(business.id);
      this.progress.businesses++;
    }

    this.report();
  }

  addTies(batch: readonly TieRecord[]): void {
    for (const tie of batch) {
      this.addTie(tie);
    }

    this.report();
  }

  addRoles(batch: readonly { personId: string; businessId: string; role: BusinessRole }[]): void {
    for (const role of batch) {
      const person = this.projection.personIndex(role.personId);
      const business = this.projection.businessIndex(role.businessId);
      if (person < 0 || business < 0) {
        this.progress.skipped++;
        continue;
      }

      const kind = role.role === 'OWNS' ? KIND_OWNS : KIND_WORKS_AT;
      this.linkBusiness(business).setRole(person, kind, true);
      this.progress.roles++;
    }

    this.report();
  }

  addPersonColumns(batch: PersonColumns): void {
    for (let i = 0; i < batch.ids.length; i++) {
      const id = batch.ids[i] ?? '';
      if (this.projection.personIndex(id) >= 0) {
        this.progress.skipped++;
        continue;
      }

      this.projection.addPerson(id, Boolean(batch.optedOut[i]));
      this.keys.setPerson(batch.keys[i] ?? -1, this.projection.personIndex(id));
      this.progress.people++;
    }

    this.report();
  }

  addBusinessColumns(batch: BusinessColumns): void {
    for (let i = 0; i < batch.ids.length; i++) {
      this.keys.setBusiness(
        batch.keys[i] ?? -1,
        this.projection.upsertBusiness(batch.ids[i] ?? ''),
      );
      this.progress.businesses++;
    }

    this.report();
  }

  /** Ties naming unknown keys or a person twice are skipped; later duplicates win. */
  addTieColumns(batch: TieColumns): void {
    for (let i = 0; i < batch.count; i++) {
      const from = this.keys.person(batch.fromKeys[i] ?? -1);
      const toKey = batch.toKeys[i] ?? -1;
      const to = this.keys.person(toKey);
      const business = to < 0 ? this.keys.business(toKey) : -1;
      if (from < 0 || from === to || (to < 0 && business < 0)) {
        this.progress.skipped++;
        continue;
      }

      const strength = Math.fround(batch.strengths[i] ?? 0);
      const flags = packTieFlagBits(batch.distrust[i] === 1, batch.contexts[i] ?? 0);
      const time = batch.lastInteractionAtMs[i] ?? 0;
      if (to >= 0) {
        this.ties.push(from, to, strength, time, flags);
      } else {
        const links = this.linkBusiness(business);
        links.setTie(from, { strength, flags, lastInteractionAtMs: time });
      }

      this.progress.ties++;
    }

    this.report();
  }

  addRoleColumns(batch: RoleColumns): void {
    for (let i = 0; i < batch.count; i++) {
      const person = this.keys.person(batch.personKeys[i] ?? -1);
      const business = this.keys.business(batch.businessKeys[i] ?? -1);
      if (person < 0 || business < 0) {
        this.progress.skipped++;
        continue;
      }

      const kind = batch.roles[i] === 0 ? KIND_OWNS : KIND_WORKS_AT;
      this.linkBusiness(business).setRole(person, kind, true);
      this.progress.roles++;
    }

    this.report();
  }

  /** Sorts the collected ties into CSR and trims the business links; the loader is spent after. */
  finish(): void {
    this.projection.install(this.ties);
    for (const links of this.linked) {
      links.trim();
    }

    this.linked.clear();
  }

  private linkBusiness(business: number): BusinessLinks {
    const links = this.projection.linkBusiness(business);
    this.linked.add(links);

    return links;
  }

  private addTie(tie: TieRecord): void {
    const from = this.projection.personIndex(tie.fromId);
    const to = tie.toKind === 'BUSINESS' ? -1 : this.projection.personIndex(tie.toId);
    const business = to < 0 ? this.projection.businessIndex(tie.toId) : -1;
    if (from < 0 || from === to || (to < 0 && business < 0)) {
      this.progress.skipped++;
      return;
    }

    const strength = Math.fround(tie.strength);
    const flags = packTieFlags(tie.distrust, tie.context);
    if (to >= 0) {
      this.ties.push(from, to, strength, tie.lastInteractionAtMs, flags);
    } else {
      const links = this.linkBusiness(business);
      links.setTie(from, { strength, flags, lastInteractionAtMs: tie.lastInteractionAtMs });
    }

    this.progress.ties++;
  }

  private report(): void {
    this.onProgress?.({ ...this.progress });
  }
}
