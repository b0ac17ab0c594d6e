/**
 * Configuration: one table of directives (name, type, default, mutability, validation)
 * drives redis.conf parsing, the {@code --directive value} command line, CONFIG GET/SET and
 * CONFIG REWRITE. Depends only on {@code util}.
 */
package io.basalt.config;
