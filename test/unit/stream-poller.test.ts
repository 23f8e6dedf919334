import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { asLambdaImage } from '../../local/stream-poller.ts';

describe('Function: asLambdaImage', () => {
  it('gives empty maps back their type, at any depth, as Lambda delivers them', () => {
    // What the Streams SDK returns for { met: {}, transitions: [{ extra: {} }] }.
    const image = { met: {}, n: { N: '1' }, transitions: { L: [{ M: { extra: {} } }] } };
    const fixed = asLambdaImage(image);
    expect(fixed).toEqual({ met: { M: {} }, n: { N: '1' }, transitions: { L: [{ M: { extra: { M: {} } } }] } });
    expect(unmarshall(fixed as never)).toEqual({ met: {}, n: 1, transitions: [{ extra: {} }] });
    expect(() => unmarshall(image as never)).toThrow(/No value defined/);
  });
});
