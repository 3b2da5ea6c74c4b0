package dev.rolloutlab.gateway.edge;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Sends bytes exactly as given on a new connection and reads one HTTP/1.x answer back. */
final class RawHttp {

    /** {@code status} 0: the connection closed without an answer; -1: no answer in 10 s. */
    record Answer(int status, String head, String body, boolean closedAfter) {
    }

    private RawHttp() {
    }

    static Answer send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String head;
            try {
                head = readHead(in);
            } catch (SocketTimeoutException silent) {
                return new Answer(-1, "", "", false);
            }
            if (head.isEmpty()) {
                return new Answer(0, "", "", true);
            }
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            byte[] body = in.readNBytes(contentLength(head));
            return new Answer(status, head, new String(body, StandardCharsets.UTF_8), closesNext(in));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = readOrEnd(in)) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    /** True when the server closes the connection after the answer, and sends nothing more. */
    private static boolean closesNext(InputStream in) throws IOException {
        try {
            return readOrEnd(in) < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    private static int readOrEnd(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }
}
