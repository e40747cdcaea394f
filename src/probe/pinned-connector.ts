import diagnosticsChannel from 'node:diagnostics_channel';
import net from 'node:net';
import tls from 'node:tls';
import type { LookupFunction } from 'node:net';
import type { buildConnector } from 'undici';
import type { CertificateMemo, TlsCertificateFacts } from './probe-types.ts';
import { memoizedCertificateFacts } from './tls-certificate-facts.ts';

/** The certificate was recorded but is not valid for the name: the request is never sent. */
export class TlsInvalidError extends Error {
  readonly code = 'V6READY_TLS_INVALID';
  constructor(readonly reason: string) {
    super(`certificate not valid: ${reason}`);
    this.name = 'TlsInvalidError';
  }
}

export interface PinnedConnectorOptions {
  /** The one address to connect to, whatever the URL's host resolves to elsewhere. */
  address: string;
  /** The URL's host without brackets: SNI and the certificate name check use it. */
  hostname: string;
  port: number;
  /** For https: the run's shared context (sharedSecureContext). */
  secureContext?: tls.SecureContext;
  /** The site's certificates already read: each (address, SNI) is read once per site. */
  certificateMemo?: CertificateMemo;
  /** The socket exists (not yet connected): the caller may destroy it to cut the attempt. */
  onSocket(socket: net.Socket): void;
  /** TCP is up; `connectMs` is the TCP connect RTT: connect() issued to connection established. */
  onTcpConnect(connectMs: number): void;
  /** `handshakeMs`: TCP connected to TLS handshake done. */
  onTlsHandshake(facts: TlsCertificateFacts, handshakeMs: number): void;
  /** undici has just written the request headers to this connection. */
  onRequestSent?(): void;
}

/** Sockets whose request is timed, each with what to call when undici writes its request. */
const requestSentHooks = new WeakMap<object, () => void>();
// undici announces each request on this channel synchronously, right before writing it.
diagnosticsChannel.subscribe('undici:client:sendHeaders', (message) => {
  const socket = (message as { socket?: object } | null)?.socket;
  if (socket) requestSentHooks.get(socket)?.();
});

/**
 * An undici connector that always reaches one address and keeps the URL's host for Host, SNI
 * and the name check. Written by hand rather than with undici's buildConnector so that TCP and
 * TLS times are measured separately and the certificate is judged before any request goes out.
 * Without a session cache, every handshake is full and getPeerCertificate() is never empty.
 */
export function pinnedConnector(options: PinnedConnectorOptions): buildConnector.connector {
  const family = net.isIPv6(options.address) ? 6 : 4;
  // net skips lookup for literal hosts, so a literal URL host is replaced by the address itself.
  const host = net.isIP(options.hostname) ? options.address : options.hostname;
  // Answered on the next tick, like dns.lookup: an answer given at once makes net connect inside
  // tls.connect(), and a connect the kernel refuses at once (no route, no source address) then
  // destroys the socket before tls.connect returns, so its 'error' would find no listener.
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    process.nextTick(() => {
      // With autoSelectFamily (Node 20's default) net asks for every address at once.
      if (lookupOptions.all) {
        (callback as (error: null, addresses: { address: string; family: number }[]) => void)(
          null,
          [{ address: options.address, family }],
        );
      } else {
        callback(null, options.address, family);
      }
    });
  };

  // Node reads the certificate itself to call checkServerIdentity when the chain verifies;
  // keeping that copy (keepCertificate) spares a second read.
  const openSocket = (
    isTls: boolean,
    keepCertificate: (certificate: tls.PeerCertificate) => void,
  ): net.Socket => {
    if (!isTls) return net.connect({ host, port: options.port, lookup });
    const socket = tls.connect({
      host,
      port: options.port,
      lookup,
      servername: net.isIP(options.hostname) ? undefined : options.hostname,
      ALPNProtocols: ['http/1.1'],
      // Judged in certificateFacts, after the certificate has been recorded.
      rejectUnauthorized: false,
      checkServerIdentity: (_hostname, certificate) => {
        keepCertificate(certificate);
        return undefined;
      },
      secureContext: options.secureContext ?? sharedSecureContext(undefined),
    });
    readLeafOnly(socket);
    return socket;
  };

  return (connectOptions, callback) => {
    const isTls = connectOptions.protocol === 'https:';
    const connectStartedAt = performance.now();
    let connectedAt = connectStartedAt;
    let peerCertificate: tls.PeerCertificate | undefined;
    let socket: net.Socket;
    try {
      socket = openSocket(isTls, (certificate) => {
        peerCertificate = certificate;
      });
    } catch (error) {
      // undici expects the callback, not a throw, for a connection that never started.
      callback(error instanceof Error ? error : new Error(String(error)), null);
      return;
    }
    options.onSocket(socket);
    if (options.onRequestSent) requestSentHooks.set(socket, options.onRequestSent);
    socket.setNoDelay(true);

    let pending: typeof callback | null = callback;
    const settle = (error: Error | null): void => {
      const done = pending;
      pending = null;
      if (!done) return;
      if (error) {
        socket.destroy();
        done(error, null);
      } else {
        done(null, socket);
      }
    };
    socket.once('connect', () => {
      connectedAt = performance.now();
      options.onTcpConnect(connectedAt - connectStartedAt);
      if (!isTls) settle(null);
    });
    if (isTls) {
      socket.once('secureConnect', () => {
        const facts = memoizedCertificateFacts(
          socket as tls.TLSSocket,
          options.address,
          options.hostname,
          options.certificateMemo,
          peerCertificate,
        );
        options.onTlsHandshake(facts, performance.now() - connectedAt);
        settle(facts.valid ? null : new TlsInvalidError(facts.invalidReason ?? 'invalid'));
      });
    }
    socket.on('error', (error) => settle(error));
    socket.once('close', () => settle(new Error('socket closed before the connection was up')));
  };
}

/**
 * Node's own identity check (on the handshake's end, before checkServerIdentity) reads the peer
 * certificate with `getPeerCertificate(true)`: the whole chain, each certificate with its
 * fingerprints and key material, ten times the work of reading the leaf (0.2 ms against 0.02 on
 * this machine; 0.5 ms a handshake in a busy scan). Here it only goes to the checkServerIdentity
 * above, which keeps it for certificateFacts, and both read the leaf's names and dates alone. So
 * this socket's reads are leaf reads, whatever detail is asked for.
 */
function readLeafOnly(socket: tls.TLSSocket): void {
  const readLeaf = (): tls.PeerCertificate =>
    tls.TLSSocket.prototype.getPeerCertificate.call(socket, false);
  // Typed as the overloads promise: a caller asking for detail gets the leaf without its chain.
  socket.getPeerCertificate = readLeaf as tls.TLSSocket['getPeerCertificate'];
}

let defaultSecureContext: tls.SecureContext | undefined;
let extraCaContext: { key: string; context: tls.SecureContext } | undefined;

/**
 * The one TLS context every connection of the run shares. Without it tls.connect builds a
 * context per connection (a measurable share of a scan's CPU). With no extra anchors it is
 * Node's default store (which honours NODE_EXTRA_CA_CERTS); extra anchors are added to Node's
 * bundled roots. A run has one set of anchors, so one context of each kind is kept.
 */
export function sharedSecureContext(extraCaPem: string[] | undefined): tls.SecureContext {
  if (!extraCaPem || extraCaPem.length === 0) {
    defaultSecureContext ??= tls.createSecureContext();
    return defaultSecureContext;
  }
  const key = extraCaPem.join('\n');
  if (extraCaContext?.key !== key) {
    const context = tls.createSecureContext({ ca: [...tls.rootCertificates, ...extraCaPem] });
    extraCaContext = { key, context };
  }
  return extraCaContext.context;
}
