global using App.TestSupport;
