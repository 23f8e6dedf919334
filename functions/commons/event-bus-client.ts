/**
 * The EventBridge client (AWS_ENDPOINT_URL_EVENTBRIDGE locally), in its own module so that only
 * the functions that put events load it.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

export const eventBridgeClient = new EventBridgeClient({ maxAttempts: 6 });
