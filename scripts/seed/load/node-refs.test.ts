import { describe, expect, it } from 'vitest';
import { createNodeRefs } from './node-refs.ts';

describe('createNodeRefs', () => {
  it('keeps the part of each elementId after the prefix shared by the first one', () => {
    const nodeRefs = createNodeRefs();

    nodeRefs.add('p1', '4:2b1c:17');
    nodeRefs.add('p2', '4:2b1c:9');

    expect(nodeRefs.prefix).toBe('4:2b1c:');
    expect(nodeRefs.suffixOf('p1')).toBe('17');
    expect(nodeRefs.suffixOf('p2')).toBe('9');
  });

  it('drops an elementId with another prefix, so its node is matched by id', () => {
    const nodeRefs = createNodeRefs();

    nodeRefs.add('p1', '4:2b1c:17');
    nodeRefs.add('p2', '4:9f0e:17');
    nodeRefs.add('p3', '4:2b1c:1:2');

    expect(nodeRefs.suffixOf('p2')).toBeUndefined();
    expect(nodeRefs.suffixOf('p3')).toBeUndefined();
    expect(nodeRefs.suffixOf('p9')).toBeUndefined();
  });
});
