package org.jmalloc.lab;

import picocli.CommandLine;

/** {@code -V}/{@code --version} of the lab and of every subcommand: the version written into the jar's manifest. */
public final class ManifestVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = LabCommand.class.getPackage().getImplementationVersion();
        return new String[] {"jmalloc lab " + (version == null ? "(development build)" : version)};
    }
}
