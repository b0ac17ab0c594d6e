# Sourced by Basalt's scripts after java-env.sh, with $here set to the repository root:
# builds target/basalt.jar when it is missing or older than the sources.
if [ ! -f "$here/target/basalt.jar" ] || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$here/target/basalt.jar" -print -quit 2>/dev/null)" ]; then
  echo "Building Basalt..." >&2
  (cd "$here" && mvn -q -B -DskipTests package >&2)
fi
