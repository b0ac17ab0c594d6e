# Sourced by Basalt's launchers after ensure-built.sh, with $here, JAVA_HOME and
# BASALT_JVM_FLAGS set: (re)trains the JDK's AOT cache when it is missing or older than the
# jar, then adds it to BASALT_JVM_FLAGS. The cache maps the classes start-up loads instead
# of loading and linking them again (measured in docs/BENCHMARKS.md). The class path must be
# jars only and the same at training and at launch: BASALT_CLASSPATH is that one value.
BASALT_CLASSPATH="$here/target/basalt.jar:$here/target/lib/*"
basalt_aot="$here/target/basalt.aot"
if [ ! -f "$basalt_aot" ] || [ "$here/target/basalt.jar" -nt "$basalt_aot" ]; then
  echo "Training the start-up cache (once per build)..." >&2
  rm -rf "$here/target/aot-training" && mkdir -p "$here/target/aot-training"
  if ! "$JAVA_HOME/bin/java" "${BASALT_JVM_FLAGS[@]}" -XX:AOTCacheOutput="$basalt_aot" \
      -cp "$BASALT_CLASSPATH" io.basalt.cli.AotTraining "$here/target/aot-training" \
      >"$here/target/aot-training/training.log" 2>&1; then
    echo "AOT cache training failed (see target/aot-training/training.log); starting without it." >&2
    rm -f "$basalt_aot"
  fi
fi
if [ -f "$basalt_aot" ]; then
  BASALT_JVM_FLAGS+=(-XX:AOTCache="$basalt_aot")
fi
