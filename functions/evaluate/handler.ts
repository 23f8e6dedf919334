import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { CATALOG } from '../../catalog/index.ts';
import { type RollupUpdatedDetail, RollupUpdatedDetailSchema, type Transition } from '../../schemas/events.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { logger } from '../commons/logger.ts';
import { observe } from '../commons/observability.ts';
import { evaluateUnit } from './evaluate.ts';

const tableName = getStringFromEnv('TABLE_NAME');

/** Target of the rule RollupUpdatedToEvaluate: targets and completeness of the changed unit. */
export const handler = middy<EventBridgeEvent<'RollupUpdated', RollupUpdatedDetail>, Transition[]>()
  .use(observe())
  .handler(async (event) => {
    const detail = RollupUpdatedDetailSchema.parse(event.detail);
    const transitions = await evaluateUnit(tableName, CATALOG, detail.unitId, detail.period);
    if (transitions.length > 0) logger.info('evaluation changed', { unitId: detail.unitId, period: detail.period, transitions: transitions.length });
    return transitions;
  });
