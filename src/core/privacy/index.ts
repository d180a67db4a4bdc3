// Privacy rules shared by every service that may touch the network (model downloads, captioning, generation).
export { isLoopbackUrl, isLoopbackHost, assertUrlAllowed } from './loopback';
