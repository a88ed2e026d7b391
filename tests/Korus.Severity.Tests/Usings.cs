global using Korus.Testing;
global using Xunit;
