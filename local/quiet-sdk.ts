// Imported first by the CLIs: the AWS SDK's Node-version notice is noise for a local run (Lambda runs nodejs24.x).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
