"""A TCP cable between the app and a server (PostgreSQL, Redis) that a test can unplug and plug
back in: while unplugged, open connections are cut and new ones are hung up at once."""
import socket
import threading


class Cable:
    def __init__(self, port):
        self.target = ("127.0.0.1", port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.plugged, self.open, self.lock = True, [], threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, url):
        """`url` (a postgresql:// or redis:// address on 127.0.0.1) through this cable."""
        return url.replace(f"127.0.0.1:{self.target[1]}", f"127.0.0.1:{self.port}")

    def unplug(self):
        with self.lock:
            self.plugged = False
            for end in self.open:
                try:
                    end.shutdown(socket.SHUT_RDWR)  # wakes the pumps: close alone would not
                except OSError:
                    pass
                end.close()
            self.open = []

    def plug(self):
        with self.lock:
            self.plugged = True

    def close(self):
        self.unplug()
        self.listener.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            with self.lock:
                if not self.plugged:
                    client.close()
                    continue
                server = socket.create_connection(self.target)
                self.open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
