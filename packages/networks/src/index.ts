export * from './contract';
export * from './http/http-client';
export * from './http/network-error';
export * from './http/rate-limit';
export * from './http/redact';
export * from './http/url-guard';
