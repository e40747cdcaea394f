import type net from 'node:net';
import { Client } from 'undici';
import { NO_SLOT, socketBudget, type SocketSlot } from '../net/socket-budget.ts';
import { pinnedConnector, sharedSecureContext } from './pinned-connector.ts';
import type { CertificateMemo, TlsCertificateFacts } from './probe-types.ts';

/** SPEC "Safety": response headers are capped at 64 KiB. */
export const MAX_HEADER_BYTES = 64 * 1024;

/** What the request in flight wants to hear about the connection it runs on. */
export interface ConnectionEvents {
  /** A new socket exists (not yet connected): this request opened it. */
  onSocket(socket: net.Socket): void;
  onTcpConnect(connectMs: number): void;
  onTlsHandshake(facts: TlsCertificateFacts, handshakeMs: number): void;
  /** undici has just written this request's headers. */
  onRequestSent(): void;
}

export interface PinnedConnectionSettings {
  timeoutMs: number;
  extraCaPem?: string[];
  certificateMemo?: CertificateMemo;
}

/**
 * One HTTP/1.1 connection to one origin through one address, never another: requests go one at
 * a time, and a request may find the socket its predecessor left open (keep-alive) or open a new
 * one. Holds one socket slot of the budget from its first request until `close`. fetchOnce uses
 * a connection of its own for every call unless given one to share.
 */
export class PinnedConnection {
  /** The request in flight, told about sockets and handshakes it causes. */
  events: ConnectionEvents | null = null;
  /** The certificate of the current socket, once its handshake is done (https). */
  tls: TlsCertificateFacts | undefined;
  private client: Client | null = null;
  private slot: SocketSlot | null = null;
  private socket: net.Socket | undefined;

  constructor(
    readonly origin: string,
    readonly address: string,
    private readonly settings: PinnedConnectionSettings,
  ) {}

  /**
   * The client for the next request, taking a socket slot first if the connection holds none;
   * null when the signal ended the wait for a slot.
   */
  async open(signal: AbortSignal): Promise<Client | null> {
    if (this.client) return this.client;
    const slot = socketBudget.tryAcquire(signal) ?? (await socketBudget.acquire(signal));
    if (slot === NO_SLOT) return null;
    const url = new URL(this.origin);
    const https = url.protocol === 'https:';
    // Built once a run (parsing every root certificate), and never charged to a step's timeout.
    const secureContext = https ? sharedSecureContext(this.settings.extraCaPem) : undefined;
    this.slot = slot;
    this.client = new Client(this.origin, {
      connect: pinnedConnector({
        address: this.address,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: Number(url.port) || (https ? 443 : 80),
        ...(secureContext ? { secureContext } : {}),
        ...(this.settings.certificateMemo
          ? { certificateMemo: this.settings.certificateMemo }
          : {}),
        onSocket: (created) => {
          this.socket = created;
          this.tls = undefined;
          this.events?.onSocket(created);
        },
        onTcpConnect: (connectMs) => this.events?.onTcpConnect(connectMs),
        onTlsHandshake: (facts, handshakeMs) => {
          this.tls = facts;
          this.events?.onTlsHandshake(facts, handshakeMs);
        },
        onRequestSent: () => this.events?.onRequestSent(),
      }),
      // One timer per step in fetchOnce does the timing; undici's own timeouts are a backstop
      // (they tick at half-second resolution).
      headersTimeout: this.settings.timeoutMs,
      bodyTimeout: this.settings.timeoutMs,
      maxHeaderSize: MAX_HEADER_BYTES,
      pipelining: 1,
    });
    return this.client;
  }

  /** A socket from an earlier request is still open: the next request will try it first. */
  hasOpenSocket(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  /**
   * Cuts the socket at once (a step ran out of time); the request on it fails. Before a socket
   * exists (the request still queued), the client goes instead, failing the request all the same.
   */
  cut(): void {
    if (this.socket) {
      this.socket.destroy();
      return;
    }
    this.client?.destroy().catch(() => {});
    this.client = null;
  }

  /** Ends the connection and frees its slot; a later request starts afresh. */
  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
    this.tls = undefined;
    // Not awaited: with its socket gone the client has nothing left to wait for.
    this.client?.destroy().catch(() => {});
    this.client = null;
    this.slot?.release();
    this.slot = null;
  }
}

/** Idle kept-alive connections kept per origin and address (the crawl's per-host concurrency). */
export const MAX_IDLE_CONNECTIONS_PER_ORIGIN = 4;

/**
 * One site's kept-alive connections, by origin and address (and so by family): a request takes
 * an idle one or a new one, and gives it back when done; whatever is idle at the site's end is
 * closed. Never shared between sites, so one site's measurements never run on another's socket.
 */
export class SiteConnections {
  /** Idle connections by origin and address, each with how to take it back from the budget. */
  private readonly idle = new Map<string, Map<PinnedConnection, () => void>>();
  private closed = false;

  constructor(private readonly settings: PinnedConnectionSettings) {}

  /** An idle connection to `origin` through `address`, or (always with `fresh`) a new one. */
  take(origin: string, address: string, fresh: boolean): PinnedConnection {
    if (!fresh) {
      const idle = this.idle.get(connectionKey(origin, address));
      const newest = idle ? [...idle].at(-1) : undefined;
      if (idle && newest) {
        const [connection, unpark] = newest;
        idle.delete(connection);
        unpark();
        return connection;
      }
    }
    return new PinnedConnection(origin, address, this.settings);
  }

  /**
   * Back after a request: kept while its socket is open, there is room, and nobody waits for a
   * socket slot; else closed. While idle, the budget may close it for a socket needed elsewhere.
   */
  give(connection: PinnedConnection): void {
    const key = connectionKey(connection.origin, connection.address);
    const idle = this.idle.get(key) ?? new Map<PinnedConnection, () => void>();
    if (
      this.closed ||
      !connection.hasOpenSocket() ||
      idle.size >= MAX_IDLE_CONNECTIONS_PER_ORIGIN ||
      socketBudget.contended
    ) {
      connection.close();
      return;
    }
    const unpark = socketBudget.park(() => {
      idle.delete(connection);
      connection.close();
    });
    idle.set(connection, unpark);
    this.idle.set(key, idle);
  }

  /** Closes every idle connection; connections given back later are closed at once. */
  close(): void {
    this.closed = true;
    for (const idle of this.idle.values()) {
      for (const [connection, unpark] of idle) {
        unpark();
        connection.close();
      }
    }
    this.idle.clear();
  }
}

function connectionKey(origin: string, address: string): string {
  return `${origin} ${address}`;
}
