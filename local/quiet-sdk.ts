// Imported first by the CLIs: the AWS SDK's Node-version notice is noise for a local run (Lambda runs nodejs24.x).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The handlers' INFO lines (one per rollup batch, evaluation, notification…) would bury the CLI's own
// output: warnings and errors only, unless LOG_LEVEL says otherwise. Set before any handler's
// logger is created, which is why this module is imported first.
process.env.LOG_LEVEL ??= 'warn';
