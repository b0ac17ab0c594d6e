package io.basalt.observability;

/** INFO modules: no module API, so always empty. Selected by "modules" and "module_list". */
final class ModulesSection extends BuiltinSection {
    ModulesSection(ServerInfo info) {
        super(info, "modules", "Modules", true);
    }

    @Override
    public boolean selectedBy(String lowerName) {
        return lowerName.equals("modules") || lowerName.equals("module_list");
    }

    @Override
    public void appendFields(StringBuilder out) {
    }
}
