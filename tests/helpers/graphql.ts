import type { FastifyInstance } from 'fastify';

export interface GraphQLResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly data?: T;
  readonly errors?: { message: string; extensions?: { code?: string } }[];
}

/** Posts a GraphQL operation through fastify's inject: the full HTTP stack, no socket. */
export async function postGraphQL<T = Record<string, unknown>>(
  app: FastifyInstance,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    payload: { query, variables },
  });
  const body = response.json<{ data?: T; errors?: GraphQLResponse['errors'] }>();

  return { status: response.statusCode, ...body };
}

export const INTRO_PATHS = /* GraphQL */ `
  query IntroPaths($from: ID!, $to: ID!, $maxHops: Int, $first: Int, $diverse: Boolean) {
    introPaths(from: $from, to: $to, maxHops: $maxHops, first: $first, diverse: $diverse) {
      __typename
      ... on IntroPaths {
        reason
        cached
        graphVersion
        computedAt
        strategy
        paths {
          warmth
          hopCount
          hops {
            from {
              id
              name
              kind
            }
            to {
              id
              name
              kind
            }
            kind
            strength
            direction
            context
            lastInteractionAt
          }
        }
      }
      ... on Error {
        code
        message
      }
      ... on InvalidArgument {
        field
      }
    }
  }
`;

export interface IntroPathsData {
  introPaths: {
    __typename: string;
    reason?: string | null;
    cached?: boolean;
    graphVersion?: number;
    strategy?: string;
    code?: string;
    field?: string;
    message?: string;
    paths?: {
      warmth: number;
      hopCount: number;
      hops: {
        from: { id: string; name: string; kind: string };
        to: { id: string; name: string; kind: string };
        kind: string;
        strength: number;
        direction: string;
        context: string | null;
      }[];
    }[];
  };
}

/** A path as its node ids with the prefix removed, e.g. "A-B-C-T". */
export function pathLabels(data: IntroPathsData, prefix: string): string[] {
  return (data.introPaths.paths ?? []).map((path) =>
    [path.hops[0]?.from.id, ...path.hops.map((hop) => hop.to.id)]
      .map((id) => String(id).slice(prefix.length))
      .join('-'),
  );
}
