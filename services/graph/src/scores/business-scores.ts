/** One person's trust in a business as the scores read it: raw strength, distrust excluded. */
export interface BusinessTrust {
  readonly person: number;
  readonly businessId: string;
  readonly strength: number;
}

export interface BusinessScore {
  /** People who trust the business (distrust excluded). */
  readonly trustedBy: number;
  /**
   * Σ over those people of N × pageRank × strength, N the number of people: each trusting person
   * weighs by their PageRank relative to the average person (whose N × pageRank is 1), so 3.0
   * reads "as much trust as three average people trusting fully".
   */
  readonly trustScore: number;
}

/** Scores every business someone trusts; O(ties). Ties from people without a rank count 0. */
export function scoreBusinesses(
  ties: Iterable<BusinessTrust>,
  ranks: Float64Array,
  people: number,
): Map<string, BusinessScore> {
  const scores = new Map<string, { trustedBy: number; trustScore: number }>();
  for (const tie of ties) {
    if (!(tie.strength > 0)) {
      continue;
    }

    let score = scores.get(tie.businessId);
    if (!score) {
      score = { trustedBy: 0, trustScore: 0 };
      scores.set(tie.businessId, score);
    }

    score.trustedBy++;
    score.trustScore += people * (ranks[tie.person] ?? 0) * tie.strength;
  }

  return scores;
}
