/**
 * A TCP proxy on 127.0.0.1 in front of a database server, for fault tests: it forwards both ways and,
 * once the server has sent `after` bytes on a connection (counted from the connection's start, the
 * handshake included), either cuts the connection (`cut`: both sockets destroyed, as a dropped network
 * does) or stops forwarding while keeping it open (`stall`: a hung server or a silent network).
 * Connections are counted; `close()` ends every one and the listener.
 */
import * as net from "node:net"

export interface Proxy {
  readonly port: number
  /** The URL of the target with its host and port replaced by the proxy's. */
  readonly url: (target: string) => string
  readonly connections: () => number
  readonly close: () => Promise<void>
}

export const startProxy = async (options: {
  readonly host: string
  readonly port: number
  /** Bytes from the server after which the fault happens (per connection). */
  readonly after: number
  readonly fault: "cut" | "stall"
  /** Only the n-th connection (1-based) is faulty; others pass through (default: every one). */
  readonly only?: number
}): Promise<Proxy> => {
  const sockets = new Set<net.Socket>()
  let count = 0
  const server = net.createServer((client) => {
    count++
    const faulty = options.only === undefined || options.only === count
    const upstream = net.connect(options.port, options.host)
    sockets.add(client).add(upstream)
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on("error", end).on("close", end)
    upstream.on("error", end).on("close", end)
    client.on("data", (b) => upstream.write(b))
    let sent = 0
    let stalled = false
    upstream.on("data", (b: Buffer) => {
      if (stalled) return
      if (!faulty || sent + b.length <= options.after) {
        sent += b.length
        client.write(b)
        return
      }
      const head = b.subarray(0, Math.max(0, options.after - sent))
      sent += head.length
      if (options.fault === "cut") {
        // write what fits, then drop the connection as a network failure does
        client.write(head, () => end())
      } else {
        client.write(head)
        stalled = true
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    url: (target) => {
      const u = new URL(target)
      u.hostname = "127.0.0.1"
      u.port = String(port)
      return u.toString()
    },
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}
