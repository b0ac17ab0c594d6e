package io.basalt.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** The C library's strerror text for a failed file operation, as Redis prints it in errors and logs. */
public final class Strerror {
    private Strerror() {}

    public static String of(IOException e) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            if (r.contains("Is a directory")) return "Is a directory";
            if (r.contains("Not a directory")) return "Not a directory";
            return r;
        }
        String m = e.getMessage();
        return m != null && m.contains("Is a directory") ? "Is a directory" : String.valueOf(m);
    }
}
