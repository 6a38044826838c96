package io.partita.web.records;

/** Searching in byte arrays, so that filters need not decode every record. Stateless. */
final class Bytes {

    private Bytes() {
    }

    /** Where {@code wanted} first occurs in {@code in}, or -1; 0 for nothing wanted. */
    static int indexOf(byte[] in, byte[] wanted) {
        if (wanted.length == 0) return 0;
        byte first = wanted[0];
        outer:
        for (int i = 0, last = in.length - wanted.length; i <= last; i++) {
            if (in[i] != first) continue;
            for (int j = 1; j < wanted.length; j++) {
                if (in[i + j] != wanted[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    static int indexOf(byte[] in, byte wanted) {
        for (int i = 0; i < in.length; i++) {
            if (in[i] == wanted) return i;
        }
        return -1;
    }
}
