import type { Driver } from 'neo4j-driver';
import { BusinessNotFoundError } from '../domain/errors.ts';
import type { CustomerRecord, LeadRecord, ReferralRecord } from '../scores/referral-credit.ts';
import { readTransaction, toEpochMs, type TransactionOptions } from './neo4j-values.ts';

export interface BusinessReferralRecords {
  readonly referrals: readonly ReferralRecord[];
  readonly leads: readonly LeadRecord[];
  readonly customers: readonly CustomerRecord[];
}

/**
 * Everything referral analytics reads for one business, in one read transaction: its referrals
 * (by the REFERRED businessId index), its leads and its customers. Throws BusinessNotFoundError
 * when no business has the id.
 */
export async function readBusinessReferralRecords(
  driver: Driver,
  businessId: string,
  options: TransactionOptions,
): Promise<BusinessReferralRecords> {
  return readTransaction(
    driver,
    async (tx) => {
      const result = await tx.run(
        `MATCH (b:Business {id: $businessId})
         CALL (b) {
           MATCH (a:Person)-[r:REFERRED]->(c:Person) WHERE r.businessId = b.id
           RETURN collect({referrerId: a.id, referredId: c.id, at: r.at,
                           converted: coalesce(r.converted, false)}) AS referrals
         }
         CALL (b) {
           MATCH (p:Person)-[l:LEAD_OF]->(b)
           RETURN collect({personId: p.id, source: l.source, at: l.at,
                           convertedAt: l.convertedAt}) AS leads
         }
         CALL (b) {
           MATCH (p:Person)-[c:CUSTOMER_OF]->(b)
           RETURN collect({personId: p.id, value: coalesce(c.value, 0.0)}) AS customers
         }
         RETURN referrals, leads, customers`,
        { businessId },
      );
      const record = result.records[0];
      if (!record) {
        throw new BusinessNotFoundError(businessId);
      }

      return {
        referrals: (record.get('referrals') as Record<string, unknown>[]).map((row) => ({
          referrerId: row.referrerId as string,
          referredId: row.referredId as string,
          atMs: toEpochMs(row.at) ?? 0,
          converted: row.converted === true,
        })),
        leads: (record.get('leads') as Record<string, unknown>[]).map((row) => ({
          personId: row.personId as string,
          source: row.source as string,
          atMs: toEpochMs(row.at) ?? 0,
          convertedAtMs: toEpochMs(row.convertedAt ?? null),
        })),
        customers: (record.get('customers') as Record<string, unknown>[]).map((row) => ({
          personId: row.personId as string,
          value: Number(row.value),
        })),
      };
    },
    options,
  );
}
