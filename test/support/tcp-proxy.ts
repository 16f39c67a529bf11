import net from 'node:net';

/**
 * A TCP proxy the test controls, between the app and PostgreSQL: `cut()` drops every connection
 * and refuses new ones (the database "goes away"), `blackhole()` accepts connections but never
 * answers (a network partition), `partition()` does too and also keeps the open connections open
 * with nothing crossing them, `restore()` brings it back.
 */
export class TcpProxy {
  private mode: 'pass' | 'refuse' | 'blackhole' = 'pass';
  private readonly sockets = new Set<net.Socket>();
  /** Each open connection's two sockets, app side first. */
  private readonly links = new Set<[net.Socket, net.Socket]>();
  /** The links `partition()` stopped, which `restore()` joins again. */
  private readonly stopped = new Set<[net.Socket, net.Socket]>();
  private readonly server = net.createServer((client) => this.accept(client));

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static async start(targetUrl: string): Promise<{ proxy: TcpProxy; url: string }> {
    const target = new URL(targetUrl);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.server.address() as net.AddressInfo;
    const url = new URL(targetUrl);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    return { proxy, url: url.toString() };
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private accept(client: net.Socket): void {
    this.track(client);
    if (this.mode === 'refuse') return void client.destroy();
    if (this.mode === 'blackhole') return;
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.track(upstream);
    client.pipe(upstream).pipe(client);
    const link: [net.Socket, net.Socket] = [client, upstream];
    this.links.add(link);
    client.on('close', () => {
      this.links.delete(link);
      this.stopped.delete(link);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  private dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  cut(): void {
    this.mode = 'refuse';
    this.dropAll();
  }

  blackhole(): void {
    this.mode = 'blackhole';
    this.dropAll();
  }

  partition(): void {
    this.mode = 'blackhole';
    for (const link of this.links) {
      const [client, upstream] = link;
      client.unpipe(upstream);
      upstream.unpipe(client);
      this.stopped.add(link);
    }
  }

  restore(): void {
    this.mode = 'pass';
    for (const [client, upstream] of this.stopped) client.pipe(upstream).pipe(client);
    this.stopped.clear();
  }

  async stop(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
