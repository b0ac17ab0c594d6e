# Sourced by Basalt's scripts: BASALT_JVM_FLAGS, the JVM flags every Basalt server starts with
# (bin/basalt-server, bench/run). See docs/ARCHITECTURE.md ("JVM flags") for the measurements
# behind them. Extra flags come from BASALT_JAVA_OPTS at launch.
BASALT_JVM_FLAGS=(
  -XX:+UseCompactObjectHeaders
  -XX:+UseShenandoahGC
  -XX:TrimNativeHeapInterval=1000
  -XX:+ExitOnOutOfMemoryError
  --enable-native-access=ALL-UNNAMED
)
