/**
 * The run console: server-rendered HTML pages under {@code /ui} served by the collector's process.
 *
 * <pre>{@code
 * CollectorServer.builder(config).extension(new ConsoleExtension(ConsoleSettings.defaults())).build();
 * ConsoleLinks links = ConsoleLinks.of("https://sparkplane.example.com");
 * links.run("acme", "app-123"); // https://sparkplane.example.com/ui/runs/app-123?tenant=acme
 * }</pre>
 */
@NullMarked
package io.sparkplane.console;

import org.jspecify.annotations.NullMarked;
