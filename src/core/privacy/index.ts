// Privacy rules shared by every service that may touch the network (model downloads, captioning, generation).
export { isLoopbackUrl, isLoopbackHost } from '../../shared/loopback';
export { assertUrlAllowed } from './loopback';
