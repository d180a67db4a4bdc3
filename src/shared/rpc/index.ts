export * from './protocol';
export * from './client';
export * from './server';
export * from './memory-port';
export * from './socket-port';
