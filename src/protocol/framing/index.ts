export { requestHeaderVersion, responseHeaderVersion } from './header-versions.js';
export {
  encodeRequestFrame,
  encodeResponseFrame,
  readRequestHeader,
  decodeRequestFrame,
  decodeResponseFrame,
  peekCorrelationId,
} from './frames.js';
export type {
  EncodeRequestOptions,
  EncodeResponseOptions,
  RequestFrameHeader,
  DecodedRequest,
  DecodedResponse,
} from './frames.js';
export { FrameDecoder, DEFAULT_MAX_FRAME_BYTES } from './frame-decoder.js';
export type { FrameDecoderOptions } from './frame-decoder.js';
