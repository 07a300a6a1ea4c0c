/**
 * The elementIds of the nodes a load wrote or found, by id. The elementIds of one database share
 * everything up to their last ':' ("4:<database uuid>:"), so each node keeps only the rest, and
 * statements send the shared prefix once per batch instead of once per row.
 */
export interface NodeRefs {
  /** The prefix every kept elementId starts with; empty until the first is added. */
  readonly prefix: string;
  /**
   * Keeps a node's elementId. One whose prefix differs from the first one kept is dropped, so its
   * node is matched by id instead.
   */
  add(id: string, elementId: string): void;
  /** The rest of the node's elementId after the prefix, when the load knows it. */
  suffixOf(id: string): string | undefined;
}

export function createNodeRefs(): NodeRefs {
  let prefix: string | undefined;
  const suffixes = new Map<string, string>();

  return {
    get prefix() {
      return prefix ?? '';
    },
    add(id, elementId) {
      const cut = elementId.lastIndexOf(':') + 1;
      prefix ??= elementId.slice(0, cut);
      if (elementId.startsWith(prefix) && cut === prefix.length) {
        suffixes.set(id, elementId.slice(cut));
      }
    },
    suffixOf: (id) => suffixes.get(id),
  };
}
