package io.partita.engine.log;

/** Where a record batch sits in a segment's data file, and its offsets, as read from its header. */
record BatchLocation(int position, int size, long baseOffset, long lastOffset) {

    int end() {
        return position + size;
    }
}
